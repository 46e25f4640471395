import { normalizeEmail, parseEmail } from './email';

describe('email', () => {
  it('trims and lower-cases', () => {
    expect(parseEmail('  Foo.Bar@Example.COM\u00a0')).toEqual({ ok: true, value: 'foo.bar@example.com' });
  });

  it.each([
    'user+tag@gmail.com', "o'neil@example.vn", 'a_b-c@sub.domain.com.vn', 'x@xn--80ak6aa92e.com', 'x@shop.xn--p1ai',
    '1@2.io', `${'a'.repeat(64)}@example.com`, '#!$%&*+/=?^_`{|}~@example.org',
  ])('accepts %j', (input) => {
    expect(normalizeEmail(input)).toBe(input.toLowerCase());
  });

  it.each([
    '', 'plain', 'a@b', 'a@b.c', 'a@b.1', '@example.com', 'a@', 'a..b@example.com', '.a@example.com', 'a.@example.com',
    'a@-example.com', 'a@example-.com', 'a@example..com', 'a b@example.com', 'a@b@example.com', '"quoted"@example.com',
    'user@[192.168.0.1]', 'nguyễn@example.com', 'a@ví-dụ.vn', `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`, 'a@example.com.', 'mailto:a@example.com',
  ])('rejects %j', (input) => {
    expect(parseEmail(input)).toEqual({ ok: false, code: 'EMAIL_FORMAT' });
  });
});

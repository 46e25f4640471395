import { Client } from 'pg';
import { nameFeatures } from '../../src/matching/features/name-features';
import { addressFeatures } from '../../src/matching/features/record-features';
import { FIELDS } from '../../src/matching/model/comparisons';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Edge cases of every comparison, through the real path: features computed by src/matching/features (Node) and
 * the level functions of the migration (SQL).
 */
describe('matching comparisons', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const one = async (sql: string, params: unknown[] = []) => (await client.query(`SELECT ${sql} AS v`, params)).rows[0].v;
  const level = (field: string, code: number | null) => (code === null ? 'missing' : FIELDS.find((f) => f.name === field)!.levels[code]);

  async function nameLevel(a: string, b: string): Promise<string> {
    const x = nameFeatures(a)!;
    const y = nameFeatures(b)!;
    const code = await one(`ect_match_name_level($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [x.key, x.sorted, x.acc, x.fam, x.giv, y.key, y.sorted, y.acc, y.fam, y.giv]);
    return level('name', code);
  }

  async function addressLevel(a: string, provA: string | null, b: string, provB: string | null): Promise<string> {
    const x = addressFeatures(a);
    const y = addressFeatures(b);
    const code = await one(`ect_match_address_level($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      x.house, x.street, x.area, x.postcode, provA ?? x.provinceNewCode, y.house, y.street, y.area, y.postcode, provB ?? y.provinceNewCode,
    ]);
    return level('address', code);
  }

  it('tells one wrong digit from two swapped digits, and neither from more', async () => {
    expect(await one(`ect_match_digit_slip('079085012345', '079085012346')`)).toBe('one_digit');
    expect(await one(`ect_match_digit_slip('079085012345', '079085021345')`)).toBe('transposition');
    expect(await one(`ect_match_digit_slip('079085012345', '079085012345')`)).toBeNull();
    expect(await one(`ect_match_digit_slip('079085012345', '079085012399')`)).toBeNull();
    expect(await one(`ect_match_digit_slip('0101243150', '010124315')`)).toBeNull();
  });

  it('compares names across case, diacritics, NFD, order and tone marks', async () => {
    expect(await nameLevel('Nguyễn Văn Hùng', 'NGUYEN VAN HUNG')).toBe('exact');
    expect(await nameLevel('Nguyễn Văn Hùng', 'Nguyễn Văn Hùng'.normalize('NFD'))).toBe('exact');
    expect(await nameLevel('Nguyễn Văn Hùng', 'Hùng Nguyễn Văn')).toBe('exact');
    expect(await nameLevel('Huỳnh Thị Mai', 'Hoàng Thị Mai')).toBe('exact');
    // The same letters with other tone marks are another name: Hùng is not Hưng.
    expect(await nameLevel('Nguyễn Văn Hùng', 'Nguyễn Văn Hưng')).toBe('typo');
    expect(await nameLevel('Mai Anh Trần', 'Trần Mai Anh')).toBe('reordered');
  });

  it('tolerates typos in long name parts only: Lan and Lam are two names', async () => {
    expect(await nameLevel('Nguyễn Thị Phương', 'Nguyễn Thị Phượng')).toBe('typo');
    expect(await nameLevel('Nguyen Thi Huong', 'Nguyen Thi Huongg')).toBe('typo');
    expect(await nameLevel('Nguyễn Thị Lan', 'Nguyễn Thị Lam')).toBe('one_part');
  });

  it('knows a dropped middle name from a different one', async () => {
    expect(await nameLevel('Nguyễn Hùng', 'Nguyễn Văn Hùng')).toBe('partial');
    expect(await nameLevel('Nguyễn Văn Hùng', 'Nguyễn Thị Hùng')).toBe('one_part');
    expect(await nameLevel('Nguyễn Văn Hùng', 'Trần Thị Lan')).toBe('different');
  });

  it('compares businesses without their legal form or shop decorations', async () => {
    expect(await nameLevel('Công ty TNHH Thương mại Mẹ Bắp', 'CONG TY TNHH THUONG MAI ME BAP')).toBe('exact');
    expect(await nameLevel('Công ty TNHH Mẹ Bắp', 'Shop Mẹ Bắp - Hàng Nhật Chính Hãng')).toBe('exact');
    expect(await nameLevel('Công ty TNHH Thương mại Mẹ Bắp', 'Mẹ Bắp Official Store')).toBe('partial');
  });

  it('compares addresses by house number, street, ward and province, old names and new', async () => {
    expect(await addressLevel('12 Lê Lợi, Phường Bến Thành, TP.HCM', null, 'Số 12 Le Loi, P. Ben Thanh, Q.1, Hồ Chí Minh', null)).toBe('house_street');
    expect(await addressLevel('14 Lê Lợi, Phường Bến Thành, TP.HCM', null, '12 Lê Lợi, Phường Bến Thành, Sài Gòn', null)).toBe('street');
    // Bình Dương is part of Hồ Chí Minh since July 2025: the same street is the same place.
    expect(await addressLevel('5 Lê Lợi, Phường Phú Cường, Bình Dương', null, '5 Lê Lợi, Phường Phú Cường, TP Hồ Chí Minh', null)).toBe('house_street');
    // Every city has a Lê Lợi street: two provinces, no street agreement.
    expect(await addressLevel('12 Lê Lợi, Phường 1, Hà Nội', null, '12 Lê Lợi, Phường 1, Đà Nẵng', null)).toBe('different');
    expect(await addressLevel('3 Trần Phú, Phường Hải Châu, Đà Nẵng', null, '90 Nguyễn Văn Linh, Phường Hải Châu, Đà Nẵng', null)).toBe('area');
    expect(await addressLevel('3 Trần Phú, Đà Nẵng', null, '90 Nguyễn Văn Linh, Đà Nẵng', null)).toBe('province');
    // Text that names no Vietnamese province never vetoes a street.
    expect(await addressLevel('21 w. 52nd st.', 'new york', '21 w. 52nd st.', 'new york city')).toBe('house_street');
  });

  it('compares dates of birth exactly, one digit off, day and month swapped, and by the year a CCCD encodes', async () => {
    const dob = (a: string | null, ya: number | null, b: string | null, yb: number | null) =>
      one(`ect_match_dob_level($1, $2::smallint, $3, $4::smallint)`, [a, ya, b, yb]).then((c) => level('dob', c));
    expect(await dob('19850302', 1985, '19850302', 1985)).toBe('exact');
    expect(await dob('19850302', 1985, '19850312', 1985)).toBe('close');
    expect(await dob('19850302', 1985, '19850203', 1985)).toBe('close');
    expect(await dob(null, 1985, '19850302', 1985)).toBe('year');
    expect(await dob('19850302', 1985, '19900101', 1990)).toBe('different');
    expect(await dob(null, null, '19850302', 1985)).toBe('missing');
  });

  it('compares e-mails exactly, by the mailbox name, and with one typo', async () => {
    const email = (a: string, ua: string, b: string, ub: string) => one(`ect_match_email_level($1, $2, $3, $4)`, [a, ua, b, ub]).then((c) => level('email', c));
    expect(await email('a.b@gmail.com', 'ab', 'a.b@gmail.com', 'ab')).toBe('exact');
    expect(await email('a.b@gmail.com', 'ab', 'ab@yahoo.com', 'ab')).toBe('similar');
    expect(await email('hung85@gmail.com', 'hung85', 'hung58@yahoo.com', 'hung58')).toBe('different');
  });
});

import { LetterFigures } from './case-letter-facts';
import { formatVietnamDate, formatVnd, letterContent } from './letter-content';
import { escapeHtml, renderLetterHtml } from './letter-html';

const figures: LetterFigures = {
  caseId: '3f2a0c1e-0000-4000-8000-000000000001', taxYear: 2025, ruleVersion: 3, estimatedTaxAtRisk: '12345678',
  addressee: { name: 'Nguyễn Văn <An>', taxCode: '0100109106', address: '12 Lê Lợi', registered: true, shops: [{ platform: 'Sàn A', shopName: 'An Store' }] },
  platformRevenue: '1500000000', declaredRevenue: '0', withheldRevenue: '0', invoicedRevenue: '0',
  byPlatform: [{ platform: 'Sàn A', revenue: '1500000000' }],
  signals: [{ code: 'NOT_FILED', platformRevenue: '1500000000', declaredRevenue: '0', estimatedTaxAtRisk: '12345678' }],
};

describe('notification letter content', () => {
  it('formats whole VND with Vietnamese grouping and dates day first', () => {
    expect(formatVnd('1234567890')).toBe('1.234.567.890 đồng');
    expect(formatVnd('0')).toBe('0 đồng');
    expect(formatVnd('9223372036854775807')).toBe('9.223.372.036.854.775.807 đồng');
    expect(formatVietnamDate('2026-03-05')).toBe('05/03/2026');
  });

  it('states the figures, the findings and the deadline', () => {
    const c = letterContent(figures, { notifiedOn: '2026-01-20', responseDays: 30, responseDue: '2026-02-19', draft: false });
    expect(c.dateLine).toBe('Ngày 20 tháng 01 năm 2026');
    expect(c.figures).toContainEqual(['Số thuế ước tính cần giải trình', '12.345.678 đồng']);
    expect(c.figures).toContainEqual(['Doanh thu trên các sàn thương mại điện tử', '1.500.000.000 đồng']);
    expect(c.findings[0]).toContain('Chưa tìm thấy hồ sơ khai thuế');
    expect(c.deadline).toBe('Đề nghị Quý ông/bà giải trình hoặc bổ sung hồ sơ trong thời hạn 30 ngày kể từ ngày thông báo, chậm nhất là ngày 19/02/2026.');
  });

  it('escapes every value in the HTML', () => {
    const html = renderLetterHtml(letterContent(figures, { notifiedOn: '2026-01-20', responseDays: 30, responseDue: '2026-02-19', draft: true }));
    expect(html).toContain('Nguyễn Văn &lt;An&gt;');
    expect(html).not.toContain('<An>');
    expect(html).toContain('DỰ THẢO');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});

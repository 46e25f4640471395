import type { LetterFigures } from './case-letter-facts';

/**
 * The notification letter as content (Vietnamese), rendered the same by the HTML and the PDF writers. It asks the
 * taxpayer to explain or complete their filings; it is not a tax assessment (DOMAIN.md §7: officers decide, the
 * taxpayer answers within the response period).
 */
export interface LetterContent {
  draft: boolean;
  number: string;
  dateLine: string;
  title: string;
  subtitle: string;
  addressee: Array<[label: string, value: string]>;
  intro: string;
  figures: Array<[label: string, amount: string]>;
  platforms: Array<[platform: string, amount: string]>;
  findings: string[];
  notice: string;
  deadline: string;
  footer: string;
}

export interface LetterDates {
  /** Vietnam date of notification (or of the draft), 'YYYY-MM-DD'. */
  notifiedOn: string;
  responseDays: number;
  responseDue: string;
  draft: boolean;
}

const FINDINGS: Record<string, string> = {
  UNREGISTERED: 'Doanh thu trên các sàn vượt ngưỡng chịu thuế nhưng chưa tìm thấy đăng ký thuế',
  NOT_FILED: 'Chưa tìm thấy hồ sơ khai thuế cho các kỳ đã đến hạn',
  UNDER_DECLARED: 'Doanh thu đã kê khai thấp hơn doanh thu trên các sàn',
  INVOICE_GAP: 'Doanh thu trên hóa đơn điện tử thấp hơn đáng kể so với doanh thu trên các sàn',
  WITHHOLDING_ERROR: 'Số thuế sàn đã khấu trừ chưa khớp với mức thuế suất áp dụng',
  SPLIT_ACROSS_PLATFORMS: 'Doanh thu trên từng sàn dưới ngưỡng nhưng tổng doanh thu trên các sàn vượt ngưỡng',
};

/** Whole VND, Vietnamese grouping: "1.234.567 đồng". */
export function formatVnd(amount: string): string {
  return `${new Intl.NumberFormat('vi-VN').format(BigInt(amount))} đồng`;
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY' (a Vietnam calendar date; no time zone involved). */
export function formatVietnamDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export function letterContent(f: LetterFigures, dates: LetterDates): LetterContent {
  const [y, m, d] = dates.notifiedOn.split('-');
  const a = f.addressee;
  const addressee: Array<[string, string]> = [['Kính gửi', a.name || '(chưa rõ tên)']];
  if (a.taxCode) addressee.push([a.registered ? 'Mã số thuế' : 'Mã số thuế/số định danh đã khai với sàn', a.taxCode]);
  if (a.address) addressee.push(['Địa chỉ', a.address]);
  if (a.shops.length) addressee.push(['Gian hàng', a.shops.map((s) => `${s.shopName ?? '(không tên)'} (${s.platform})`).join('; ')]);
  return {
    draft: dates.draft,
    number: `${f.caseId.slice(0, 8).toUpperCase()}/TB-TMĐT`,
    dateLine: `Ngày ${d} tháng ${m} năm ${y}`,
    title: 'THÔNG BÁO',
    subtitle: `Về việc đề nghị giải trình, bổ sung thông tin về doanh thu kinh doanh trên sàn thương mại điện tử năm ${f.taxYear}`,
    addressee,
    intro:
      `Căn cứ dữ liệu do các sàn thương mại điện tử cung cấp theo Nghị định số 91/2022/NĐ-CP và Nghị định số 117/2025/NĐ-CP, ` +
      `cơ quan thuế đã đối chiếu doanh thu bán hàng của Quý ông/bà trên các sàn với hồ sơ khai thuế, số thuế đã được sàn khấu trừ ` +
      `và hóa đơn điện tử năm ${f.taxYear}. Kết quả đối chiếu như sau:`,
    figures: [
      ['Doanh thu trên các sàn thương mại điện tử', formatVnd(f.platformRevenue)],
      ['Doanh thu đã kê khai với cơ quan thuế', formatVnd(f.declaredRevenue)],
      ['Doanh thu đã được sàn khấu trừ thuế', formatVnd(f.withheldRevenue)],
      ['Doanh thu trên hóa đơn điện tử', formatVnd(f.invoicedRevenue)],
      ['Số thuế ước tính cần giải trình', formatVnd(f.estimatedTaxAtRisk)],
    ],
    platforms: f.byPlatform.map((p) => [p.platform, formatVnd(p.revenue)]),
    findings: f.signals.map((s) => `${FINDINGS[s.code] ?? s.code} (số thuế ước tính: ${formatVnd(s.estimatedTaxAtRisk)}).`),
    notice:
      'Thông báo này là đề nghị giải trình, không phải quyết định ấn định thuế hay xử phạt. Các số liệu trên là ước tính để ' +
      'Quý ông/bà đối chiếu; nếu số liệu chưa đúng, đề nghị cung cấp hồ sơ, chứng từ chứng minh.',
    deadline:
      `Đề nghị Quý ông/bà giải trình hoặc bổ sung hồ sơ trong thời hạn ${dates.responseDays} ngày kể từ ngày thông báo, ` +
      `chậm nhất là ngày ${formatVietnamDate(dates.responseDue)}.`,
    footer: `Mã hồ sơ: ${f.caseId} · Phiên bản quy tắc: ${f.ruleVersion}`,
  };
}

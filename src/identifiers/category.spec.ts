import { BUSINESS_CATEGORIES, parseCategory } from './category';

describe('business categories', () => {
  it('accepts the six codes in any case and spacing', () => {
    for (const c of BUSINESS_CATEGORIES) {
      expect(parseCategory(c)).toEqual({ ok: true, value: c });
      expect(parseCategory(` ${c.toUpperCase().replace('_', ' ')} `)).toEqual({ ok: true, value: c });
    }
    expect(parseCategory('Production-Transport')).toEqual({ ok: true, value: 'production_transport' });
  });

  it.each([
    ['phân phối, cung cấp hàng hóa', 'goods'], ['Phân phối, cung cấp hàng hoá', 'goods'], ['PHAN PHOI CUNG CAP HANG HOA', 'goods'],
    ['SaleOfGoods', 'goods'], ['Dịch vụ', 'services'], ['dich vu', 'services'], ['PersonalServices', 'services'],
    ['Xây dựng không bao thầu nguyên vật liệu', 'services'],
    ['Sản xuất, vận tải, dịch vụ có gắn với hàng hóa, xây dựng có bao thầu nguyên vật liệu', 'production_transport'],
    ['Vận tải', 'production_transport'], ['Cho thuê tài sản', 'leasing'], ['ImmovableProperty', 'leasing'],
    ['TransportationRental', 'leasing'], ['Nội dung số', 'digital_content'], ['Khác', 'other'],
    ['Hoạt động kinh doanh khác', 'other'],
  ])('reads %j as %s', (input, category) => {
    expect(parseCategory(input)).toEqual({ ok: true, value: category });
  });

  it('reads empty as unknown, not as an error', () => {
    expect(parseCategory('')).toEqual({ ok: true, value: null });
    expect(parseCategory('  ,  ')).toEqual({ ok: true, value: null });
  });

  it.each(['xyz', 'goods and services', 'hàng', '1', 'dịch'])('rejects %j', (input) => {
    expect(parseCategory(input)).toEqual({ ok: false, code: 'CATEGORY_UNKNOWN' });
  });
});

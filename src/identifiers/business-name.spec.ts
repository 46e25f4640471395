import { classifyName, parseBusinessName } from './business-name';

describe('business and shop names', () => {
  it.each([
    ['Công ty TNHH ABC', 'tnhh', 'ABC'],
    ['CÔNG TY TNHH MỘT THÀNH VIÊN ABC', 'tnhh_mtv', 'ABC'],
    ['Công ty TNHH MTV Thương mại - Dịch vụ Minh Anh', 'tnhh_mtv', 'Thương mại Dịch vụ Minh Anh'],
    ['Cty TNHH 2 thành viên trở lên Hòa Phát', 'tnhh', 'Hòa Phát'],
    ['Cong ty trach nhiem huu han Minh Long', 'tnhh', 'Minh Long'],
    ['Công ty Cổ phần Sữa Việt Nam', 'co_phan', 'Sữa Việt Nam'],
    ['CTCP Vinamilk', 'co_phan', 'Vinamilk'],
    ['Cty CP Đầu tư ABC', 'co_phan', 'Đầu tư ABC'],
    ['Công ty hợp danh Luật Việt', 'hop_danh', 'Luật Việt'],
    ['Công ty Minh Anh', 'cong_ty', 'Minh Anh'],
    ['TNHH Bảo Ngọc', 'tnhh', 'Bảo Ngọc'],
    ['DNTN Thanh Tâm', 'dntn', 'Thanh Tâm'],
    ['Doanh nghiệp tư nhân Thanh Tâm', 'dntn', 'Thanh Tâm'],
    ['Hộ kinh doanh Nguyễn Văn A', 'ho_kinh_doanh', 'Nguyễn Văn A'],
    ['HKD Tạp hóa Lan', 'ho_kinh_doanh', 'Tạp hóa Lan'],
    ['ABC Trading Co., Ltd.', 'tnhh', 'ABC Trading'],
    ['ABC Company Limited', 'tnhh', 'ABC'],
    ['Minh Anh One Member Company Limited', 'tnhh_mtv', 'Minh Anh'],
    ['Vina Foods JSC', 'co_phan', 'Vina Foods'],
    ['Vina Foods Joint Stock Company', 'co_phan', 'Vina Foods'],
    ['Công ty TNHH ABC (ABC Co., Ltd)', 'tnhh', 'ABC'],
  ])('finds the legal form of %j', (input, legalForm, core) => {
    expect(parseBusinessName(input)).toMatchObject({ legalForm, core });
  });

  it('marks branches and keeps names that only look like a form', () => {
    expect(parseBusinessName('Chi nhánh Công ty TNHH ABC')).toMatchObject({ legalForm: 'tnhh', branch: true, core: 'ABC' });
    expect(parseBusinessName('CP Foods')).toMatchObject({ legalForm: null, core: 'CP Foods' });
    expect(parseBusinessName('Công ty')).toMatchObject({ legalForm: null, core: 'Công ty' });
    expect(parseBusinessName('Limited')).toMatchObject({ legalForm: null });
  });

  it.each([
    ['Shop Mẹ Bắp - Hàng Nhật Chính Hãng', 'Mẹ Bắp'],
    ['Hàng Nhật Chính Hãng - Shop Mẹ Bắp', 'Mẹ Bắp'],
    ['🌸 Mẹ Bắp 🌸 Official Store', 'Mẹ Bắp'],
    ['Mẹ Bắp Official', 'Mẹ Bắp'],
    ['[Mã giảm 50k] Mẹ Bắp Store', 'Mẹ Bắp'],
    ['Mẹ Bắp Shop Mỹ Phẩm Hàn', 'Mẹ Bắp'],
    ['Mẹ Bắp | Chuyên Sỉ Lẻ', 'Mẹ Bắp'],
    ['Cửa hàng Minh Anh', 'Minh Anh'],
    ['Tiệm Bánh Cô Ba since 2019', 'Bánh Cô Ba'],
    ['Nhà thuốc Long Châu', 'Long Châu'],
    ['Kho Sỉ Gia Dụng Hà Nội', 'Gia Dụng Hà Nội'],
    ['Xưởng May Thu Trang', 'May Thu Trang'],
    ['Quầy Thuốc Minh Châu', 'Minh Châu'],
    ['mebap.vn', 'mebap'],
    ['Mẹ Bắp Hàng Xịn Giá Rẻ', 'Mẹ Bắp'],
    ['Mẹ Bắp từ năm 2015', 'Mẹ Bắp'],
    ['Tạp hóa Thu Hằng', 'Thu Hằng'],
    ['Hằng Anh Shop', 'Hằng Anh'],
    ['Shop Hằng Nhật', 'Hằng Nhật'],
  ])('finds the shop name in %j', (input, core) => {
    expect(parseBusinessName(input)?.core).toBe(core);
  });

  it('reports what it removed, and folds the core for matching', () => {
    expect(parseBusinessName('Shop Mẹ Bắp - Hàng Nhật Chính Hãng')).toEqual({
      legalForm: null, branch: false, markers: ['shop', 'chinh hang', 'hang nhat'], core: 'Mẹ Bắp', folded: 'me bap', key: 'bap me',
    });
  });

  it('never returns an empty name for text that has words', () => {
    expect(parseBusinessName('Shop')?.core).toBe('Shop');
    expect(parseBusinessName('Official Store')?.core).toBe('Official Store');
    expect(parseBusinessName('🌸🌸')).toBeNull();
    expect(parseBusinessName('')).toBeNull();
  });

  it.each([
    ['Nguyễn Văn Hùng', 'person'],
    ['NGUYEN THI LAN', 'person'],
    ['Hùng Nguyễn Văn', 'person'],
    ['Công ty TNHH ABC', 'business'],
    ['Hộ kinh doanh Nguyễn Văn A', 'business'],
    ['ABC Co., Ltd', 'business'],
    ['Shop Mẹ Bắp', 'shop'],
    ['Mẹ Bắp 2', 'shop'],
    ['Mẹ Bắp ❤', 'shop'],
    ['Một Hai Ba Bốn Năm Sáu', 'shop'],
    ['John Smith', 'unknown'],
    ['Minh', 'unknown'],
    ['', 'unknown'],
  ])('classifies %j as a %s', (input, kind) => {
    expect(classifyName(input)).toBe(kind);
  });
});

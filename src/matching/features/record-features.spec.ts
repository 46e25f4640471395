import { nameFeatures } from './name-features';
import { addressFeatures, recordFeatures } from './record-features';

describe('name features', () => {
  it('folds case, diacritics and NFD/NFC to one key', () => {
    const nfc = nameFeatures('Nguyễn Văn Hùng')!;
    for (const variant of ['NGUYEN VAN HUNG', 'nguyễn văn hùng', 'Nguyễn Văn Hùng'.normalize('NFD'), '  Nguyễn   Văn Hùng ']) {
      expect(nameFeatures(variant)).toMatchObject({ key: nfc.key, sorted: nfc.sorted, fam: 'nguyen', giv: 'hung' });
    }
  });

  it('keeps the tone marks apart when a name has them, so Hùng and Hưng differ', () => {
    expect(nameFeatures('Nguyễn Văn Hùng')!.acc).not.toBe(nameFeatures('Nguyễn Văn Hưng')!.acc);
    expect(nameFeatures('Nguyễn Văn Hùng')!.sorted).toBe(nameFeatures('Nguyễn Văn Hưng')!.sorted);
    expect(nameFeatures('NGUYEN VAN HUNG')!.acc).toBeNull();
  });

  it('reads given-first order as the same person', () => {
    expect(nameFeatures('Hùng Nguyễn Văn')!.key).toBe('nguyen van hung');
  });

  it('merges regional spellings of a family name', () => {
    expect(nameFeatures('Huỳnh Thị Mai')!.fam).toBe(nameFeatures('Hoàng Thị Mai')!.fam);
  });

  it('strips company legal forms and shop decorations to the name proper', () => {
    expect(nameFeatures('Công ty TNHH Thương mại ABC')).toMatchObject({ kind: 'business', key: 'thuong mai abc' });
    expect(nameFeatures('CONG TY TNHH THUONG MAI ABC')!.key).toBe('thuong mai abc');
    expect(nameFeatures('Shop Mẹ Bắp - Hàng Nhật Chính Hãng')).toMatchObject({ kind: 'shop', key: 'me bap' });
  });

  it('reads a household business or a shop named after its owner as the owner’s name', () => {
    expect(nameFeatures('Hộ kinh doanh Nguyễn Văn An')).toMatchObject({ kind: 'business', key: 'nguyen van an', fam: 'nguyen', giv: 'an' });
  });

  it('takes the company of a branch named after its place', () => {
    expect(nameFeatures('Chi nhánh Bắc Ninh - Công ty TNHH MTV Đầu tư Song Long')!.key).toBe(nameFeatures('Công ty TNHH MTV Đầu tư Song Long')!.key);
  });

  it('has nothing to say about empty text', () => {
    expect(nameFeatures('')).toBeNull();
    expect(nameFeatures('  ---  ')).toBeNull();
  });
});

describe('address features', () => {
  it('splits house number, street, ward and resolves the province, old or new', () => {
    const a = addressFeatures('Số 12 Lê Lợi, Phường Bến Thành, Quận 1, TP.HCM');
    expect(a).toMatchObject({ house: '12', street: 'le loi', area: 'ben thanh', provinceNewCode: '79' });
    // Bình Dương merged into Hồ Chí Minh in 2025: the old name resolves to the new province.
    expect(addressFeatures('5 Lê Lợi, Phường Phú Cường, Bình Dương').provinceNewCode).toBe('79');
  });

  it('takes a trailing number after the last comma as a postcode', () => {
    expect(addressFeatures('4 knox street, lakewood estate, byford, 4129')).toMatchObject({ house: '4', street: 'knox street', area: 'byford', postcode: '4129' });
  });
});

describe('record features', () => {
  it('uses the shop name when the seller name is missing, and drops a shop name equal to the seller name', () => {
    expect(recordFeatures({ name: null, shopName: 'Shop Mẹ Bắp', address: null, provinceRaw: null, provinceNewCode: null, email: null })).toMatchObject({
      nm: 'me bap',
      alt: null,
    });
    expect(recordFeatures({ name: 'Nguyễn Thị Lan', shopName: 'Nguyễn Thị Lan Shop', address: null, provinceRaw: null, provinceNewCode: null, email: null }).alt).toBeNull();
  });

  it('normalises e-mail and keeps the local part without dots and tags for near matches', () => {
    const f = recordFeatures({ name: 'A', address: null, provinceRaw: null, provinceNewCode: null, email: ' Nguyen.Van.A+shop@Gmail.com ' });
    expect(f).toMatchObject({ email: 'nguyen.van.a+shop@gmail.com', emailUser: 'nguyenvana' });
  });

  it('resolves province names, nicknames and codes to the new province; keeps unknown text folded', () => {
    const base = { name: 'A', address: null, provinceNewCode: null, email: null };
    expect(recordFeatures({ ...base, provinceRaw: 'Sài Gòn' }).prov).toBe('79');
    expect(recordFeatures({ ...base, provinceRaw: 'Vic' }).prov).toBe('vic');
  });
});

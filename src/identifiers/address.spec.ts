import { parseAddress } from './address';

describe('addresses', () => {
  it('reads a full pre-2025 address with abbreviations', () => {
    expect(parseAddress('Số 12/3A Ngõ 5 Phố Huế, P. Bến Nghé, Q.1, TP.HCM')).toEqual({
      houseNumber: '12/3A', alley: 'Ngõ 5', street: 'Huế', ward: 'Bến Nghé', district: '1',
      province: { oldCode: '79', newCode: '79' }, other: [], key: '12/3a|hue|ben nghe|1|79',
    });
  });

  it('splits an address written without commas at unambiguous markers', () => {
    expect(parseAddress('12 Lê Lợi P. Bến Nghé Q.1 TP.HCM')).toMatchObject({
      houseNumber: '12', street: 'Lê Lợi', ward: 'Bến Nghé', district: '1', province: { newCode: '79' },
    });
    expect(parseAddress('45 Trần Hưng Đạo Phường 5 Quận 5 Thành phố Hồ Chí Minh')).toMatchObject({
      houseNumber: '45', street: 'Trần Hưng Đạo', ward: '5', district: '5',
    });
  });

  it('reads unaccented spellings, numbered wards and districts, country and postcode', () => {
    expect(parseAddress('123 Duong 3/2, Phuong 012, Quan 10, Thanh pho Ho Chi Minh, 700000, Viet Nam')).toMatchObject({
      houseNumber: '123', street: '3/2', ward: '12', district: '10', province: { oldCode: '79' },
    });
    expect(parseAddress('5 Nguyen Trai, P12, Q5, HCM')).toMatchObject({ ward: '12', district: '5' });
  });

  it('reads a post-2025 address (no district) and alleys', () => {
    expect(parseAddress('Hẻm 45 Nguyễn Trãi, Phường Sài Gòn, TP Hồ Chí Minh')).toMatchObject({
      houseNumber: null, alley: 'Hẻm 45', street: 'Nguyễn Trãi', ward: 'Sài Gòn', district: null, province: { newCode: '79' },
    });
    expect(parseAddress('Số 8 ngách 2 ngõ 15 Đường Láng, Hà Nội')).toMatchObject({
      houseNumber: '8', alley: 'ngách 2 ngõ 15', street: 'Láng', province: { oldCode: '01' },
    });
  });

  it('maps an old province to its successor and keeps hamlets out of the street', () => {
    expect(parseAddress('Thôn Đông, Xã Tân Phú, Huyện Đồng Phú, Tỉnh Bình Phước')).toMatchObject({
      street: null, ward: 'Tân Phú', district: 'Đồng Phú', province: { oldCode: '70', newCode: '75' }, other: ['Thôn Đông'],
    });
  });

  it('does not mistake names for markers', () => {
    // "Xa lộ" is a highway, "Phương Mai" a ward name, "Tô Hiến Thành" a street.
    expect(parseAddress('45 Xa lộ Hà Nội, TP Thủ Đức, HCM')).toMatchObject({ street: 'Xa lộ Hà Nội', district: 'Thủ Đức' });
    expect(parseAddress('12 Tô Hiến Thành, Phương Mai, Hà Nội')).toMatchObject({
      street: 'Tô Hiến Thành', ward: null, other: ['Phương Mai'],
    });
    expect(parseAddress('7 Phạm Ngọc Thạch, Hà Nội')).toMatchObject({ houseNumber: '7', street: 'Phạm Ngọc Thạch', ward: null });
  });

  it('gives the same key to the same place written differently', () => {
    const a = parseAddress('12 Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh');
    const b = parseAddress('12 LE LOI P.BEN NGHE Q.01 TPHCM'.normalize('NFD'));
    expect(b.key).toBe(a.key);
  });

  it('copes with empty and province-only input', () => {
    expect(parseAddress('')).toMatchObject({ houseNumber: null, street: null, province: null, key: '||||' });
    expect(parseAddress('Hà Nội')).toMatchObject({ street: null, province: { oldCode: '01', newCode: '01' } });
    expect(parseAddress('12')).toMatchObject({ houseNumber: '12', province: null });
  });
});

import { DataSource } from 'typeorm';
import { PoolClient } from 'pg';
import { MatchDataLoader, SellerInput, TaxpayerInput } from '../../bench/match-data-loader';
import { AppConfig } from '../../src/config/app-config';

/**
 * A small Vietnamese world for the matching tests, written straight into the contract tables (as intake and the
 * registry would) through the same loader the eval and the bench use: identifiers encrypted and blind-indexed in
 * SQL, tax codes in clear. Named taxpayers and sellers carry the cases under test; fillers give EM a population.
 */
export const REGISTRY: Record<string, TaxpayerInput> = {
  hungHcm: {
    name: 'Nguyễn Văn Hùng', taxCode: '079085012345', previousTaxCodes: ['8012345678'], nationalId: '079085012345',
    dob: '1985-03-02', phone: '0912345678', address: '12 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh', province: 'Hồ Chí Minh',
  },
  hungHanoi: {
    name: 'Nguyễn Văn Hùng', taxCode: '001085067890', nationalId: '001085067890', dob: '1985-07-10', phone: '0987000111',
    address: '5 Phố Huế, Phường Hàng Bài, Hà Nội', province: 'Hà Nội',
  },
  hungHcm2: {
    name: 'Nguyễn Văn Hùng', taxCode: '079090054321', nationalId: '079090054321', dob: '1990-01-01', phone: '0903000222',
    address: '99 Nguyễn Trãi, Phường 2, TP Hồ Chí Minh', province: 'TP Hồ Chí Minh',
  },
  maiAnh: {
    name: 'Trần Thị Mai Anh', taxCode: '038190012345', nationalId: '038190012345', dob: '1990-05-20', phone: '0355111222',
    address: '7 Trần Phú, Phường Điện Biên, Thanh Hóa', province: 'Thanh Hóa',
  },
  tuan: {
    name: 'Phạm Minh Tuấn', taxCode: '031088123456', nationalId: '031088123456', dob: '1988-11-11', phone: '0399888777',
    address: '45 Lạch Tray, Phường Lạch Tray, Hải Phòng', province: 'Hải Phòng',
  },
  mebap: { name: 'Công ty TNHH Thương mại Mẹ Bắp', taxCode: '0101243150', phone: '02431234567', address: '1 Tràng Tiền, Phường Tràng Tiền, Hà Nội', province: 'Hà Nội' },
  mebapBranch: {
    name: 'Chi nhánh Đà Nẵng - Công ty TNHH Thương mại Mẹ Bắp', taxCode: '0101243150-001', address: '8 Bạch Đằng, Phường Hải Châu, Đà Nẵng', province: 'Đà Nẵng',
  },
  hang: { name: 'Lê Thị Thu Hằng', taxCode: '8090000001', nationalId: '123456789', dob: '1979-02-14', address: '3 Lý Thường Kiệt, Phường 1, Cần Thơ', province: 'Cần Thơ' },
};

export const SELLERS: Record<string, SellerInput & { platform: 'a' | 'b' }> = {
  hungCaps: { platform: 'a', ref: 'A-1', name: 'NGUYEN VAN HUNG', nationalId: '079085012345', phone: '+84 912 345 678', province: 'TP HCM' },
  hungOldCode: { platform: 'a', ref: 'A-2', name: 'Hùng Nguyễn Văn', taxCode: '8012345678', address: '12 Le Loi, P. Ben Thanh, Q.1, TP.HCM' },
  hungShop: { platform: 'b', ref: 'B-1', name: null, shop: 'Shop Hùng Nguyễn - Hàng Nhật', phone: '0912.345.678', province: 'Sài Gòn' },
  maiAnhTypo: { platform: 'a', ref: 'A-3', name: 'Tran Thi Mai Anh', nationalId: '038190012346', province: 'Thanh Hoa', address: '7 Tran Phu, Thanh Hoa' },
  tuanSwap: { platform: 'b', ref: 'B-2', name: 'Pham Minh Tuan', nationalId: '031088213456', province: 'Hải Phòng' },
  mebapBranch: { platform: 'a', ref: 'A-4', name: 'Mẹ Bắp Official Store', taxCode: '0101243150001', province: 'Đà Nẵng' },
  namesake: { platform: 'b', ref: 'B-3', name: 'Nguyễn Văn Hùng', province: 'Hồ Chí Minh' },
  teoA: { platform: 'a', ref: 'A-5', name: 'Đặng Văn Tèo', phone: '0977000999', address: '20 Hùng Vương, Phường 4, Vĩnh Long', province: 'Vĩnh Long' },
  teoB: { platform: 'b', ref: 'B-4', name: 'Dang Van Teo', shop: 'Tiệm Tèo Vĩnh Long', phone: '84977000999', address: '20 Hung Vuong, P.4, Vinh Long', province: 'Vinh Long' },
  hangNfd: { platform: 'b', ref: 'B-5', name: 'Lê Thị Thu Hằng'.normalize('NFD'), nationalId: '123456789', province: 'Cần Thơ' },
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Hữu', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hải', 'Khánh', 'Lâm', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thảo', 'Uyên', 'Vinh', 'Yến'];
const PROVINCES = ['Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Huế', 'Nghệ An', 'Khánh Hòa'];

/** Fillers: taxpayers who do not sell online, and for the first `sellers` of them a shop with a little noise. */
export function fillers(count: number, sellers: number): { taxpayers: TaxpayerInput[]; shops: Array<SellerInput & { platform: 'a' | 'b' }> } {
  const taxpayers: TaxpayerInput[] = [];
  const shops: Array<SellerInput & { platform: 'a' | 'b' }> = [];
  for (let i = 0; i < count; i++) {
    const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 5) % GIVEN.length]}`;
    const id = `0${String(10 + (i % 80)).padStart(2, '0')}${i % 2}${String(70 + (i % 25)).padStart(2, '0')}${String(100000 + i * 37).slice(-6)}`;
    const phone = `09${String(10000000 + i * 7919).slice(-8)}`;
    const province = PROVINCES[i % PROVINCES.length];
    const address = `${i + 1} Đường Số ${i % 30}, Phường ${1 + (i % 12)}, ${province}`;
    taxpayers.push({ name, taxCode: id, nationalId: id, phone, address, province, dob: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}` });
    if (i < sellers) {
      const noisy = i % 3 === 0 ? name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toUpperCase() : name;
      shops.push({ platform: i % 2 === 0 ? 'a' : 'b', ref: `F-${i}`, name: noisy, nationalId: i % 4 === 0 ? null : id, phone: i % 5 === 0 ? null : phone, province });
    }
  }
  return { taxpayers, shops };
}

export interface World {
  taxpayers: Record<string, string>;
  sellers: Record<string, string>;
  platforms: { a: string; b: string };
  registryBatch: string;
  sellerBatches: { a: string; b: string };
}

async function withLoader<T>(dataSource: DataSource, config: AppConfig, work: (loader: MatchDataLoader) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    return await work(new MatchDataLoader((runner as unknown as { databaseConnection: PoolClient }).databaseConnection, config.secrets));
  } finally {
    await runner.release();
  }
}

/**
 * Loads the registry and returns `loadSellers`, which loads both platforms' sellers: the caller runs the registry
 * batch in between, as in production (the registry is there before the sellers).
 */
export async function loadWorld(
  dataSource: DataSource,
  config: AppConfig,
  between: (registryBatch: string) => Promise<void>,
  fillerCount = 120,
): Promise<World> {
  const extra = fillers(fillerCount, Math.floor(fillerCount / 2));
  const names = Object.keys(REGISTRY);
  const registry = await withLoader(dataSource, config, async (loader) => {
    const batch = await loader.batch('taxpayers', null);
    return { batch, ids: await loader.taxpayers(batch, [...names.map((n) => REGISTRY[n]), ...extra.taxpayers]) };
  });
  await between(registry.batch);
  return withLoader(dataSource, config, async (loader) => {
    const platforms = { a: await loader.platform('cho-a'), b: await loader.platform('pho-b') };
    const sellerBatches = { a: await loader.batch('sellers', platforms.a), b: await loader.batch('sellers', platforms.b) };
    const sellers: Record<string, string> = {};
    for (const p of ['a', 'b'] as const) {
      const named = Object.entries(SELLERS).filter(([, s]) => s.platform === p);
      const rows = [...named.map(([, s]) => s), ...extra.shops.filter((s) => s.platform === p)];
      const loaded = await loader.sellers(sellerBatches[p], platforms[p], rows);
      named.forEach(([name], i) => (sellers[name] = loaded[i]));
    }
    return { taxpayers: Object.fromEntries(names.map((n, i) => [n, registry.ids[i]])), sellers, platforms, registryBatch: registry.batch, sellerBatches };
  });
}

/** A new version of one seller's observation (as a later platform batch would bring). */
export async function resendSeller(dataSource: DataSource, config: AppConfig, platformId: string, seller: SellerInput): Promise<string> {
  return withLoader(dataSource, config, async (loader) => {
    const batch = await loader.batch('sellers', platformId);
    await loader.sellers(batch, platformId, [seller]);
    return batch;
  });
}

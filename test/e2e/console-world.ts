import request from 'supertest';
import { nthTaxCode, taxCode } from '../integration/registry-support';
import { TestEnv, waitFor } from '../support/test-env';

/**
 * The console test's world, pushed through the real doors (POST /v1/batches) and the real pipeline (intake →
 * matching → reconciliation → cases → stats): a registry, declarations and e-invoices from the tax authority, and
 * two platforms' sellers and revenue, one of them with bad rows. Not a spec file.
 */
export interface ConsoleWorld {
  officer: string;
  auditor: string;
  platform: string;
  platformCode: string;
  /** The platform batch with bad rows (its row errors are what the platform downloads). */
  badBatchId: string;
  taxCodes: { hoa: string; binh: string; saoMai: string };
}

const TYPES = { csv: 'text/csv', json: 'application/json' } as const;
let keys = 0;

async function push(env: TestEnv, token: string, kind: string, body: string): Promise<string> {
  const response = await request(env.http)
    .post(`/v1/batches?kind=${kind}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', TYPES.csv)
    .set('Idempotency-Key', `console-${process.pid}-${++keys}`)
    .send(body);
  if (response.status !== 202) throw new Error(`batch ${kind}: expected 202, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

async function done(env: TestEnv, token: string, id: string): Promise<Record<string, any>> {
  return waitFor(async () => {
    const status = (await request(env.http).get(`/v1/batches/${id}`).set('Authorization', `Bearer ${token}`)).body;
    if (status.state === 'failed') throw new Error(`batch ${id} failed: ${status.errorCode} ${status.errorMessage}`);
    return status.state === 'done' ? status : undefined;
  }, 40_000, 100);
}

export async function buildConsoleWorld(env: TestEnv): Promise<ConsoleWorld> {
  const authority = await env.userToken('Cục Thuế (nạp dữ liệu)', 'authority');
  const officer = await env.userToken('Cán bộ Lan', 'officer');
  const auditor = await env.userToken('Kiểm toán viên Minh', 'auditor');
  const choMoi = await env.platformToken('Chợ Mới');
  const phoMua = await env.platformToken('Phố Mua');
  const taxCodes = { hoa: nthTaxCode(901), binh: nthTaxCode(902), saoMai: nthTaxCode(903) };
  // A homonym whose tax code is one digit away from Bình's: a shop reporting a code one slip from both is a link to review.
  const { other: binh2, reported: binhTypo } = twoNearCodes(taxCodes.binh);

  const registry = await push(env, authority, 'taxpayers',
    'tax_code,national_id,previous_tax_codes,name,date_of_birth,phone,email,address,province,business_category,status,registered_on\n' +
    `${taxCodes.hoa},001190012345,,Nguyễn Thị Hoa,1990-04-12,0912345678,hoa.nguyen@example.vn,"12 Lê Lợi, Hoàn Kiếm",Hà Nội,goods,active,2018-03-01\n` +
    `${taxCodes.binh},,,Trần Văn Bình,1985-09-30,0987654321,,"5 Trần Phú, Hải Châu",Đà Nẵng,services,active,2020-06-15\n` +
    `${taxCodes.saoMai},,,Công ty TNHH Sao Mai,,,info@saomai.vn,"1 Nguyễn Huệ, Quận 1",TP. Hồ Chí Minh,goods,active,2016-01-10\n` +
    `${binh2},,,Trần Văn Bình,1979-01-05,,,"40 Hùng Vương",Cần Thơ,goods,active,2021-02-01\n`);
  await done(env, authority, registry);
  const declarations = await push(env, authority, 'declarations',
    'tax_code,period,declared_revenue,tax_paid\n' +
    `${taxCodes.hoa},2025-Q1,100000000,1500000\n` +
    `${taxCodes.saoMai},2025-Q1,200000000,3000000\n${taxCodes.saoMai},2025-Q2,200000000,3000000\n`);
  await done(env, authority, declarations);
  const invoices = await push(env, authority, 'invoices',
    'seller_tax_code,form,series,number,issued_on,buyer_tax_code,total_before_tax,tax_amount,total_payable,replaces\n' +
    `${taxCodes.hoa},1,C25THA,1,2025-02-10,,50000000,0,50000000,\n${taxCodes.hoa},1,C25THA,2,2025-05-20,,80000000,0,80000000,\n`);
  await done(env, authority, invoices);

  const sellerHeader = 'seller_ref,shop_name,seller_name,tax_code,national_id,phone,email,address,province,date_of_birth,category,is_resident\n';
  const choMoiSellers = await push(env, choMoi.token, 'sellers', sellerHeader +
    `CM-001,Hoa Shop,Nguyễn Thị Hoa,${taxCodes.hoa},001190012345,0912 345 678,hoa.nguyen@example.vn,"12 Lê Lợi, Hoàn Kiếm",Hà Nội,1990-04-12,goods,true\n` +
    `CM-002,Cường Điện Máy,Lê Văn Cường,,079088001234,0909111222,,"7 Hai Bà Trưng, Quận 3",TP. Hồ Chí Minh,1988-02-02,goods,true\n` +
    `CM-003,Sao Mai Official,Công ty TNHH Sao Mai,${taxCodes.saoMai},,,info@saomai.vn,"1 Nguyễn Huệ, Quận 1",TP. Hồ Chí Minh,,goods,true\n` +
    `CM-004,Bad Code Shop,Phạm Thị Dung,0100109107,,not-a-phone,dung@@example,,Hà Nội,,toys,true\n` +
    `CM-005,,,,,,,,,,,\n`);
  const badSellers = await done(env, choMoi.token, choMoiSellers);
  const revenueHeader = 'seller_ref,period,gross_revenue,order_count,refunds,fees,vat_withheld,pit_withheld\n';
  await done(env, choMoi.token, await push(env, choMoi.token, 'revenue', revenueHeader +
    'CM-001,2025-Q1,300000000,120,0,0,0,0\nCM-001,2025-Q2,250000000,100,0,0,0,0\nCM-001,2025-Q3,200000000,90,0,0,0,0\n' +
    'CM-002,2025-Q2,400000000,200,0,0,0,0\nCM-002,2025-Q3,350000000,150,0,0,0,0\n' +
    'CM-003,2025-Q1,200000000,80,0,0,0,0\nCM-003,2025-Q2,200000000,80,0,0,0,0\n' +
    'CM-001,2099-Q1,1,1,0,0,0,0\nCM-002,2025-Q4,-5,1,0,0,0,0\n'));

  await done(env, phoMua.token, await push(env, phoMua.token, 'sellers', sellerHeader +
    'PM-77,Hoa Handmade,NGUYEN THI HOA,,,+84912345678,hoa.nguyen@example.vn,"12 Le Loi, Hoan Kiem",Ha Noi,1990-04-12,goods,true\n' +
    `PM-88,Bình Store,Tran Van Binh,${binhTypo},,,,,,,services,true\n`));
  await done(env, phoMua.token, await push(env, phoMua.token, 'revenue', revenueHeader + 'PM-77,2025-Q2,150000000,60,0,0,0,0\nPM-77,2025-Q4,120000000,40,0,0,0,0\nPM-88,2025-Q3,180000000,70,0,0,0,0\n'));

  // Reconciliation and stats run after matching: settled when the queues are idle and nothing has moved for a while.
  await settled(env, officer);
  return { officer, auditor, platform: choMoi.token, platformCode: 'cho-moi', badBatchId: badSellers.id, taxCodes };
}

/**
 * Another valid tax code two digits from `code` (the 6th digit and the check digit), and a reported code one digit
 * from each (the 6th digit changed, the check digit kept): a slip that could be either taxpayer.
 */
function twoNearCodes(code: string): { other: string; reported: string } {
  for (let d = 1; d <= 9; d++) {
    const digit = String((Number(code[5]) + d) % 10);
    const other = taxCode(`${code.slice(0, 5)}${digit}${code.slice(6, 9)}`);
    if (other && other !== code && other[9] !== code[9]) return { other, reported: `${code.slice(0, 5)}${digit}${code.slice(6)}` };
  }
  throw new Error(`no near code for ${code}`);
}

/** Idle (no queued or unfinished work) twice in a row, 750 ms apart, with no new case event or membership between. */
async function settled(env: TestEnv, officer: string): Promise<void> {
  const mark = async () => {
    const idle = (await request(env.http).get('/v1/status').set('Authorization', `Bearer ${officer}`)).body.idle;
    const [row] = await env.dataSource.query(
      `SELECT (SELECT max(id) FROM case_events)::text AS e, (SELECT max(id) FROM seller_entity_history)::text AS m, (SELECT count(*) FROM cases)::text AS c`,
    );
    return idle ? JSON.stringify(row) : null;
  };
  let last: string | null = null;
  await waitFor(async () => {
    const now = await mark();
    const stable = now !== null && now === last && JSON.parse(now).c !== '0';
    last = now;
    return stable;
  }, 60_000, 750);
}

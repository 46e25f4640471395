import { blindIndex } from '../../src/pii/pii-crypto';
import { DeclarationsKind } from '../../src/registry/declarations.kind';
import { TaxpayersKind } from '../../src/registry/taxpayers.kind';
import { AuthorityMergeHarness, nthTaxCode } from './registry-support';

/** The declarations kind's merge on real PostgreSQL: row codes, versions per (tax code, period), late resolution. */
describe('declarations merge', () => {
  let h: AuthorityMergeHarness;
  const declarations = new DeclarationsKind();
  const taxpayers = new TaxpayersKind();
  const versions = (code: string, period: string) =>
    h.query(
      `SELECT version, declared_revenue, tax_paid, filed_on::text, taxpayer_id::int FROM declarations
       WHERE taxpayer_bidx = $1 AND period = $2 ORDER BY version`,
      [blindIndex(code, h.indexKey), period],
    );

  beforeAll(async () => {
    h = await AuthorityMergeHarness.create();
  });
  afterAll(() => h.close());

  it('reports bad rows with codes and lands the good ones', async () => {
    const code = nthTaxCode(10);
    const { batch, result } = await h.ingest(declarations, [
      { tax_code: code, period: '2026-q1', declared_revenue: '300000000', tax_paid: '4500000', filed_on: '2026-04-28' },
      { tax_code: '', period: '2026-Q1', declared_revenue: '1', tax_paid: null, filed_on: null },
      { tax_code: '0100109107', period: '2026-Q1', declared_revenue: '1', tax_paid: null, filed_on: null },
      { tax_code: code, period: '2026-13', declared_revenue: '1', tax_paid: null, filed_on: null },
      { tax_code: code, period: '2026-Q3', declared_revenue: '1', tax_paid: null, filed_on: null },
      { tax_code: code, period: '2026-02', declared_revenue: '1.500.000', tax_paid: '-5', filed_on: '31/02/2026' },
      { tax_code: code, period: '2026-03', declared_revenue: '1500000.5', tax_paid: '0', filed_on: '2026-07-01' },
      { tax_code: code, period: '2026-04', declared_revenue: null, tax_paid: '0', filed_on: null },
    ]);
    expect(result).toEqual({ accepted: 1, rejected: 7, warned: 0 });
    expect(await h.errors(batch.id)).toEqual([
      '2:tax_code:VALUE_REQUIRED:error',
      '3:tax_code:TAX_CODE_CHECK_DIGIT:error',
      '4:period:PERIOD_FORMAT:error',
      '5:period:PERIOD_IN_FUTURE:error',
      '6:declared_revenue:AMOUNT_FORMAT:error',
      '6:filed_on:DATE_FORMAT:error',
      '6:tax_paid:AMOUNT_NEGATIVE:error',
      '7:declared_revenue:AMOUNT_FRACTION:error',
      '7:filed_on:DATE_IN_FUTURE:error',
      '8:declared_revenue:VALUE_REQUIRED:error',
    ]);
    expect(await versions(code, '2026-Q1')).toEqual([
      { version: 1, declared_revenue: '300000000', tax_paid: '4500000', filed_on: '2026-04-28', taxpayer_id: null },
    ]);
  });

  it('appends a version per change, none for a resend, and resolves the taxpayer when the registry brings the code', async () => {
    const code = nthTaxCode(11);
    const first = await h.ingest(declarations, [
      { tax_code: code, period: '2026-01', declared_revenue: '100', tax_paid: '1', filed_on: '2026-02-10' },
      { tax_code: code, period: '2026-01', declared_revenue: '120', tax_paid: '1', filed_on: '2026-02-11' },
    ]);
    expect(first.result.accepted).toBe(2);
    await h.ingest(declarations, [{ tax_code: code, period: '2026-01', declared_revenue: '120', tax_paid: '1', filed_on: '2026-02-11' }]);
    const corrected = await h.ingest(declarations, [
      { tax_code: code.slice(0, 4) + '.' + code.slice(4), period: '2026-01', declared_revenue: '150', tax_paid: '2', filed_on: '2026-03-01' },
    ]);
    expect(await versions(code, '2026-01')).toEqual([
      { version: 1, declared_revenue: '100', tax_paid: '1', filed_on: '2026-02-10', taxpayer_id: null },
      { version: 2, declared_revenue: '120', tax_paid: '1', filed_on: '2026-02-11', taxpayer_id: null },
      { version: 3, declared_revenue: '150', tax_paid: '2', filed_on: '2026-03-01', taxpayer_id: null },
    ]);
    const snapshot = await h.snapshot(['declarations', 'batch_errors']);
    expect(await h.merge(declarations, corrected.batch)).toEqual(corrected.result);
    expect(await h.snapshot(['declarations', 'batch_errors'])).toEqual(snapshot);

    await h.ingest(taxpayers, [{ tax_code: code, name: 'Đỗ Thị Hoa', status: 'active' }]);
    const taxpayerId = (await h.query('SELECT taxpayer_id::int FROM taxpayer_identifiers WHERE bidx = $1', [blindIndex(code, h.indexKey)]))[0].taxpayer_id;
    expect((await versions(code, '2026-01')).map((v) => v.taxpayer_id)).toEqual([taxpayerId, taxpayerId, taxpayerId]);
    const current = await h.query(`SELECT version FROM current_declarations WHERE taxpayer_bidx = $1`, [blindIndex(code, h.indexKey)]);
    expect(current).toEqual([{ version: 3 }]);
  });
});

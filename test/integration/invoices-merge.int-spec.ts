import { blindIndex } from '../../src/pii/pii-crypto';
import { InvoicesKind } from '../../src/invoices/invoices.kind';
import { readInvoiceXml } from '../../src/invoices/invoice-xml.reader';
import { AuthorityMergeHarness, nthTaxCode } from './registry-support';
import { hdon } from './invoices-xml-fixtures';

type Invoice = Record<string, string | null>;

/** The invoices kind's merge on real PostgreSQL: codes, identity, replacements/adjustments, aggregates. */
describe('invoices merge', () => {
  let h: AuthorityMergeHarness;
  const invoices = new InvoicesKind();
  let counter = 0;
  /** A fresh seller per test, so aggregates are the test's own. */
  const newSeller = () => nthTaxCode(100 + ++counter);
  const invoice = (seller: string, fields: Invoice = {}): Invoice => ({
    seller_tax_code: seller, form: '1', series: 'C25TAA', number: '1', issued_on: '2025-07-15', buyer_tax_code: null,
    total_before_tax: '1000000', tax_amount: '100000', total_payable: '1100000', replaces: null, ...fields,
  });
  const csvColumns = ['seller_tax_code', 'form', 'series', 'number', 'issued_on', 'buyer_tax_code', 'total_before_tax', 'tax_amount', 'total_payable', 'replaces'];
  const ingest = (rows: Invoice[], columns: string[] = csvColumns) => h.ingest(invoices, rows, columns);

  /** Aggregates as stored, per month: "YYYY-MM count before tax payable". */
  const aggregates = async (seller: string) =>
    (
      await h.query(
        `SELECT to_char(month, 'YYYY-MM') AS m, invoice_count, total_before_tax, tax_amount, total_payable FROM invoice_aggregates
         WHERE seller_bidx = $1 ORDER BY month`,
        [blindIndex(seller, h.indexKey)],
      )
    ).map((a) => `${a.m} ${a.invoice_count} ${a.total_before_tax} ${a.tax_amount} ${a.total_payable}`);
  /** The same figures recounted from the lines (what the incremental aggregates must always equal). */
  const recounted = async (seller: string) =>
    (
      await h.query(
        `SELECT to_char(issued_month, 'YYYY-MM') AS m,
                count(*) FILTER (WHERE superseded_batch_id IS NULL AND relation IS DISTINCT FROM 'adjusts') AS n,
                coalesce(sum(total_before_tax) FILTER (WHERE superseded_batch_id IS NULL), 0) AS b,
                coalesce(sum(tax_amount) FILTER (WHERE superseded_batch_id IS NULL), 0) AS t,
                coalesce(sum(total_payable) FILTER (WHERE superseded_batch_id IS NULL), 0) AS p
         FROM invoice_lines WHERE seller_bidx = $1 GROUP BY 1 ORDER BY 1`,
        [blindIndex(seller, h.indexKey)],
      )
    ).map((a) => `${a.m} ${a.n} ${a.b} ${a.t} ${a.p}`);
  /** Months that net to nothing may or may not have an aggregate row: both mean zero. */
  const nonZero = (rows: string[]) => rows.filter((r) => !r.endsWith(' 0 0 0 0'));
  const expectAggregates = async (seller: string, expected: string[]) => {
    expect(nonZero(await aggregates(seller))).toEqual(expected);
    expect(nonZero(await recounted(seller))).toEqual(expected);
  };

  beforeAll(async () => {
    h = await AuthorityMergeHarness.create();
  });
  afterAll(() => h.close());

  it('lands valid invoices in monthly partitions, aggregates them, and reports bad rows with codes', async () => {
    const seller = newSeller();
    const { batch, result } = await ingest([
      invoice(seller, { number: '1', issued_on: '2025-07-01' }),
      invoice(seller, { number: '2', issued_on: '02/08/2025', buyer_tax_code: '0309478306', total_before_tax: '500000', tax_amount: '40000', total_payable: '540000' }),
      invoice(seller, { number: '3', series: 'c25taa', issued_on: '2025-08-03', buyer_tax_code: '0101243150-001' }),
      invoice('0100109107', { number: '4' }),
      invoice(seller, { number: '5', form: '7' }),
      invoice(seller, { number: '6', series: 'C25XAA' }),
      invoice(seller, { number: '7', series: 'C24TAA' }),
      invoice(seller, { number: '0' }),
      invoice(seller, { number: '100000000' }),
      invoice(seller, { number: '10', issued_on: '2025-02-30' }),
      invoice(seller, { number: '11', issued_on: '2026-07-01', series: 'C26TAA' }),
      invoice(seller, { number: '12', tax_amount: '100000.5' }),
      invoice(seller, { number: '13', total_before_tax: '-1000000', total_payable: '-900000' }),
      invoice(seller, { number: '14', total_payable: '1100002' }),
      invoice(seller, { number: '15', series: 'K25TAA', buyer_tax_code: '123' }),
      invoice(seller, { number: '16', replaces: '1-C25TAA-1' }),
      invoice(seller, { number: '', total_payable: null }),
    ]);
    expect(await h.errors(batch.id)).toEqual([
      '4:seller_tax_code:TAX_CODE_CHECK_DIGIT:error',
      '5:form:INVOICE_FORM:error',
      '6:series:INVOICE_SERIES_FORMAT:error',
      '7:series:INVOICE_SERIES_YEAR:error',
      '8:number:INVOICE_NUMBER:error',
      '9:number:INVOICE_NUMBER:error',
      '10:issued_on:DATE_FORMAT:error',
      '11:issued_on:DATE_IN_FUTURE:error',
      '12:tax_amount:AMOUNT_FRACTION:error',
      '13:total_before_tax:AMOUNT_NEGATIVE:error',
      '13:total_payable:AMOUNT_NEGATIVE:error',
      '14:total_payable:INVOICE_TOTALS_INCONSISTENT:error',
      '15:buyer_tax_code:TAX_CODE_FORMAT:warning',
      '16:replaces:INVOICE_REFERENCE_FORMAT:error',
      '17:number:VALUE_REQUIRED:error',
      '17:total_payable:VALUE_REQUIRED:error',
    ]);
    expect(result).toEqual({ accepted: 4, rejected: 13, warned: 1 });
    await expectAggregates(seller, ['2025-07 2 2000000 200000 2200000', '2025-08 2 1500000 140000 1640000']);
    const lines = await h.query(
      `SELECT tableoid::regclass::text AS part, series, number, buyer_tax_code FROM invoice_lines WHERE batch_id = $1 ORDER BY number`,
      [batch.id],
    );
    expect(lines).toEqual([
      { part: 'invoice_lines_p202507', series: 'C25TAA', number: 1, buyer_tax_code: null },
      { part: 'invoice_lines_p202508', series: 'C25TAA', number: 2, buyer_tax_code: '0309478306' },
      { part: 'invoice_lines_p202508', series: 'C25TAA', number: 3, buyer_tax_code: '0101243150-001' },
      { part: 'invoice_lines_p202507', series: 'K25TAA', number: 15, buyer_tax_code: null },
    ]);
  });

  it('counts a replaced sale once, whichever of the two arrives first', async () => {
    for (const order of ['original first', 'replacement first']) {
      const seller = newSeller();
      const original = invoice(seller, { number: '10', issued_on: '2025-03-10' });
      const replacement = invoice(seller, {
        number: '20', issued_on: '2025-04-02', total_before_tax: '1200000', tax_amount: '120000', total_payable: '1320000', replaces: '1/C25TAA/10',
      });
      const [first, second] = order === 'original first' ? [original, replacement] : [replacement, original];
      const a = await ingest([first]);
      const b = await ingest([second]);
      const warnings = [...(await h.errors(a.batch.id)), ...(await h.errors(b.batch.id))];
      expect(warnings).toEqual(order === 'original first' ? [] : ['1:replaces:INVOICE_TARGET_NOT_FOUND:warning']);
      await expectAggregates(seller, ['2025-04 1 1200000 120000 1320000']);
    }
  });

  it('adds an adjustment as a signed delta, voids it when the sale is replaced, and refuses a second replacement', async () => {
    const seller = newSeller();
    await ingest([invoice(seller, { number: '1', issued_on: '2025-05-05' })]);
    const adjusted = await ingest([
      invoice(seller, { number: '2', issued_on: '2025-06-01', total_before_tax: '-200000', tax_amount: '-20000', total_payable: '-220000', replaces: '1/C25TAA/1' }),
    ], [...csvColumns, 'relation']);
    expect(adjusted.result.rejected).toBe(1); // no relation given: it replaces, and a replacing invoice is not negative
    const adjustment = await h.ingest(invoices, [
      { ...invoice(seller, { number: '2', issued_on: '2025-06-01', total_before_tax: '-200000', tax_amount: '-20000', total_payable: '-220000', replaces: '1/C25TAA/1' }), relation: 'adjusts' },
    ], [...csvColumns, 'relation']);
    expect(adjustment.result).toEqual({ accepted: 1, rejected: 0, warned: 0 });
    await expectAggregates(seller, ['2025-05 1 1000000 100000 1100000', '2025-06 0 -200000 -20000 -220000']);

    const replaced = await ingest([invoice(seller, { number: '3', issued_on: '2025-07-01', total_before_tax: '800000', tax_amount: '80000', total_payable: '880000', replaces: '1/C25TAA/1' })]);
    expect(replaced.result).toEqual({ accepted: 1, rejected: 0, warned: 0 });
    await expectAggregates(seller, ['2025-07 1 800000 80000 880000']);

    const again = await ingest([invoice(seller, { number: '4', issued_on: '2025-07-02', replaces: '1/C25TAA/1' })]);
    expect(await h.errors(again.batch.id)).toEqual(['1:replaces:INVOICE_ALREADY_REPLACED:error']);
    const late = await h.ingest(invoices, [
      { ...invoice(seller, { number: '5', issued_on: '2025-07-03', total_before_tax: '-1000', tax_amount: '-100', total_payable: '-1100', replaces: '1/C25TAA/1' }), relation: '2' },
    ], [...csvColumns, 'relation']);
    expect(await h.errors(late.batch.id)).toEqual(['1:replaces:INVOICE_TARGET_REPLACED:warning']);
    await expectAggregates(seller, ['2025-07 1 800000 80000 880000']);
  });

  it('changes nothing for a resent invoice, refuses one that changed, and a second merge of a batch writes nothing', async () => {
    const seller = newSeller();
    const rows = [invoice(seller, { number: '1' }), invoice(seller, { number: '2', issued_on: '2025-08-01' })];
    const first = await ingest(rows);
    const tables = ['invoice_lines', 'invoice_aggregates', 'invoice_series_months', 'batch_errors'];
    const before = await h.snapshot(tables);
    const aggregatesBefore = await aggregates(seller);
    expect(await h.merge(invoices, first.batch)).toEqual(first.result);
    expect(await h.snapshot(tables)).toEqual(before);

    const resent = await ingest([...rows, invoice(seller, { number: '1', total_before_tax: '999', total_payable: '100999' })]);
    expect(resent.result).toEqual({ accepted: 2, rejected: 1, warned: 2 });
    expect(await h.errors(resent.batch.id)).toEqual([
      '1::INVOICE_ALREADY_RECORDED:warning', '2::INVOICE_ALREADY_RECORDED:warning', '3::INVOICE_CONFLICT:error',
    ]);
    expect(await aggregates(seller)).toEqual(aggregatesBefore);

    const inBatch = await ingest([invoice(seller, { number: '9' }), invoice(seller, { number: '9' }), invoice(seller, { number: '9', tax_amount: '0', total_payable: '1000000' })]);
    expect(await h.errors(inBatch.batch.id)).toEqual(['2::INVOICE_ALREADY_RECORDED:warning', '3::INVOICE_CONFLICT:error']);
    await expectAggregates(seller, ['2025-07 2 2000000 200000 2200000', '2025-08 1 1000000 100000 1100000']);

    // A month with no partition yet is loaded before its index is built; a repeat inside it still surfaces.
    const fresh = await ingest([
      invoice(seller, { number: '1', series: 'C23TAA', issued_on: '2023-02-01' }),
      invoice(seller, { number: '1', series: 'C23TAA', issued_on: '2023-02-01' }),
      invoice(seller, { number: '2', series: 'C23TAA', issued_on: '2023-03-01' }),
    ]);
    expect(await h.errors(fresh.batch.id)).toEqual(['2::INVOICE_ALREADY_RECORDED:warning']);
    await expectAggregates(seller, [
      '2023-02 1 1000000 100000 1100000', '2023-03 1 1000000 100000 1100000',
      '2025-07 2 2000000 200000 2200000', '2025-08 1 1000000 100000 1100000',
    ]);
    const indexes = await h.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'invoice_lines_p202302'`);
    expect(indexes).toEqual([{ n: 3 }]);
  });

  it('refuses an identity repeated in another month, in the batch or against the store', async () => {
    const seller = newSeller();
    await ingest([invoice(seller, { number: '5', issued_on: '2025-01-10' })]);
    const { batch, result } = await ingest([
      invoice(seller, { number: '5', issued_on: '2025-02-10' }),
      invoice(seller, { number: '6', issued_on: '2025-02-11' }),
      invoice(seller, { number: '6', issued_on: '2025-03-01' }),
    ]);
    expect(result).toEqual({ accepted: 1, rejected: 2, warned: 0 });
    expect(await h.errors(batch.id)).toEqual(['1::INVOICE_CONFLICT:error', '3::INVOICE_CONFLICT:error']);
    await expectAggregates(seller, ['2025-01 1 1000000 100000 1100000', '2025-02 1 1000000 100000 1100000']);
  });

  it('takes GDT XML: MCCQT exactly for C series, line totals checked, fractions refused, TDiep envelopes', async () => {
    const seller = newSeller();
    const xml = `<TDiep><TTChung><MLTDiep>999</MLTDiep></TTChung><DLieu>
      ${hdon({ seller, number: '1', date: '2025-09-01' })}
      ${hdon({ seller, number: '2', date: '2025-09-02', mccqt: null })}
      ${hdon({ seller, number: '3', date: '2025-09-03', series: 'K25TAB' })}
      ${hdon({ seller, number: '4', date: '2025-09-04', series: 'K25TAB', mccqt: null, before: '1000000.00', payable: '1100000.00' })}
      ${hdon({ seller, number: '5', date: '2025-09-05', tax: '1.90', payable: '1000001.90' })}
      ${hdon({ seller, number: '6', date: '2025-09-06', items: '<HHDVu><TChat>1</TChat><ThTien>900000</ThTien></HHDVu>' })}
      ${hdon({ seller, number: '7', date: '2025-09-07', related: '<TTHDLQuan><TCHDon>1</TCHDon><KHMSHDCLQuan>1</KHMSHDCLQuan><KHHDCLQuan>C25TAA</KHHDCLQuan><SHDCLQuan>1</SHDCLQuan></TTHDLQuan>' })}
    </DLieu></TDiep>`;
    const records: Invoice[] = [];
    for await (const record of readInvoiceXml((async function* () { yield Buffer.from(xml); })())) records.push(record);
    const batch = await h.stage(invoices, records, invoices.columns, 'xml');
    const result = await h.merge(invoices, batch);
    expect(await h.errors(batch.id)).toEqual([
      '2:authority_code:INVOICE_AUTHORITY_CODE_MISSING:error',
      '3:authority_code:INVOICE_AUTHORITY_CODE_UNEXPECTED:error',
      '5:tax_amount:AMOUNT_FRACTION:error',
      '5:total_payable:AMOUNT_FRACTION:error',
      '6:total_before_tax:INVOICE_LINES_INCONSISTENT:error',
    ]);
    expect(result).toEqual({ accepted: 3, rejected: 4, warned: 0 });
    await expectAggregates(seller, ['2025-09 2 2000000 200000 2200000']);
    const stored = await h.query(`SELECT number, authority_code, relation, target_month::text FROM invoice_lines WHERE batch_id = $1 ORDER BY number`, [batch.id]);
    expect(stored).toEqual([
      { number: 1, authority_code: '00A1B2C3D4E5F60718293A4B5C6D7E8F90', relation: null, target_month: null },
      { number: 4, authority_code: null, relation: null, target_month: null },
      { number: 7, authority_code: '00A1B2C3D4E5F60718293A4B5C6D7E8F90', relation: 'replaces', target_month: '2025-09-01' },
    ]);
  });
});

import request from 'supertest';
import { TestEnv, waitFor } from '../support/test-env';
import { ReconFixture } from './reconciliation-fixtures';

const M = 1_000_000n;

/**
 * E-invoices through the real authority intake: a replacing invoice counts once (the invoices module nets it in
 * the aggregates), and reconciliation, told by nobody, finds the taxpayer's invoices and judges INVOICE_GAP on them.
 */
describe('reconciliation of e-invoices', () => {
  let env: TestEnv;
  let fx: ReconFixture;
  const q = (sql: string, params: unknown[] = []) => env.dataSource.query(sql, params);

  beforeAll(async () => {
    env = await TestEnv.create({ worker: true });
    fx = new ReconFixture(env.dataSource, env.config.secrets.piiIndexKey);
  });
  afterAll(() => env.close());

  it('counts a replaced invoice once and raises INVOICE_GAP on what is left', async () => {
    const authority = await env.userToken('recon-authority', 'authority');
    const csv = [
      'seller_tax_code,form,series,number,issued_on,buyer_tax_code,total_before_tax,tax_amount,total_payable,replaces',
      '0100109106,2,C25TAA,1,2025-03-10,,500000000,0,500000000,',
      '0100109106,2,C25TAA,2,2025-03-20,,500000000,0,500000000,2/C25TAA/1',
    ].join('\n');
    const accepted = await request(env.http).post('/v1/batches?kind=invoices').set('Authorization', `Bearer ${authority}`)
      .set('Content-Type', 'text/csv; charset=utf-8').set('Idempotency-Key', 'recon-invoices-1').send(csv).expect(202);
    // 'done' once identity resolution has also seen the batch: the world below is written after it, as matched data.
    await waitFor(async () => (await q(`SELECT 1 FROM batches WHERE id = $1 AND state = 'done'`, [accepted.body.id])).length > 0, 30_000);
    const [aggregate] = await q(`SELECT total_before_tax::text AS total FROM invoice_aggregates WHERE seller_bidx = $1`, [fx.bidx('0100109106')]);
    expect(aggregate.total).toBe(String(500n * M));

    const taxpayer = await fx.taxpayer(['0100109106']);
    const shop = await fx.seller('chomoi', 'INV1', { taxCode: '0100109106' });
    for (const n of [1, 2, 3, 4]) {
      await fx.revenue(shop, `2025-Q${n}`, { gross: 300n * M });
      await fx.declaration('0100109106', `2025-Q${n}`, 300n * M);
    }
    const entity = await fx.entity([shop], { band: 'auto', taxpayerId: taxpayer, score: '0.990000' });
    // 500M invoiced of 1.2 bn sold: below half, whereas counting the replaced invoice twice would hide the gap.
    const gap = await waitFor(async () => (await q(`SELECT numbers FROM signals WHERE entity_id = $1 AND code = 'INVOICE_GAP' AND state = 'active'`, [entity]))[0], 30_000);
    expect(gap.numbers.invoiced).toBe(String(500n * M));
    expect(gap.numbers.undeclaredRevenue).toBe('0');
    const [c] = await q(`SELECT status, signal_codes FROM cases WHERE entity_id = $1`, [entity]);
    expect(c).toEqual({ status: 'open', signal_codes: ['INVOICE_GAP'] });
  });
});

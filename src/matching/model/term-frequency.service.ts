import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { PairMode } from './comparisons';
import { TfTotals } from './model-sql';

const SCOPES = {
  link: { table: 'match_taxpayer_features', prefix: 'taxpayer' },
  dedup: { table: 'match_seller_features', prefix: 'seller' },
} as const;

/**
 * How often each name and phone occurs on the reference side (the registry for linking, the sellers for
 * entities), counted from the data itself. Values seen once are not stored: absent means one.
 */
@Injectable()
export class TermFrequencyService {
  async refresh(client: PoolClient, mode: PairMode): Promise<TfTotals> {
    const { table, prefix } = SCOPES[mode];
    await client.query(`DELETE FROM match_term_freq WHERE scope IN ($1, $2)`, [`${prefix}:name`, `${prefix}:phone`]);
    await client.query(
      `INSERT INTO match_term_freq (scope, term, n)
       SELECT $1, term, count(*) FROM (
         SELECT nm_sorted AS term FROM ${table} WHERE nm_sorted IS NOT NULL
         UNION ALL SELECT alt_sorted FROM ${table} WHERE alt_sorted IS NOT NULL
       ) AS t GROUP BY term HAVING count(*) > 1`,
      [`${prefix}:name`],
    );
    await client.query(
      `INSERT INTO match_term_freq (scope, term, n)
       SELECT $1, encode(phone, 'hex'), count(*) FROM ${table} WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1`,
      [`${prefix}:phone`],
    );
    const { rows } = await client.query<{ names: string; phones: string }>(
      `SELECT count(nm_sorted) + count(alt_sorted) AS names, count(phone) AS phones FROM ${table}`,
    );
    const totals = { name: Number(rows[0].names), phone: Number(rows[0].phones) };
    await client.query(`ANALYZE match_term_freq`);
    await client.query(
      `INSERT INTO match_term_totals (scope, total) VALUES ($1, $2), ($3, $4)
       ON CONFLICT (scope) DO UPDATE SET total = EXCLUDED.total, refreshed_at = now()`,
      [`${prefix}:name`, totals.name, `${prefix}:phone`, totals.phone],
    );
    return totals;
  }

  async totals(client: PoolClient, mode: PairMode): Promise<TfTotals | null> {
    const { prefix } = SCOPES[mode];
    const { rows } = await client.query<{ scope: string; total: string }>(
      `SELECT scope, total FROM match_term_totals WHERE scope IN ($1, $2)`,
      [`${prefix}:name`, `${prefix}:phone`],
    );
    if (rows.length < 2) return null;
    const get = (s: string) => Number(rows.find((r) => r.scope === s)!.total);
    return { name: get(`${prefix}:name`), phone: get(`${prefix}:phone`) };
  }

  /** SQL joins that bring `tfn` / `tfp` (frequencies of the agreed name and phone) next to a pair row `s`. */
  joins(mode: PairMode): string {
    const { prefix } = SCOPES[mode];
    return `
      LEFT JOIN match_term_freq tn ON tn.scope = '${prefix}:name' AND tn.term = s.tf_name_term
      LEFT JOIN match_term_freq tp ON tp.scope = '${prefix}:phone' AND tp.term = s.tf_phone_term`;
  }
}

import { Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { PairMode } from '../model/comparisons';

/** Blocks bigger than this on the reference side are skipped: a key that common says too little to be worth pairing on. */
export const BLOCK_CAP = 16;
/** Above this many left records the join runs as one hash join over all keys; below, through the GIN index. */
const BULK_THRESHOLD = 2_000;
/** The stoplist counts keys exactly up to this many reference rows, then on a deterministic sample. */
const STOPLIST_EXACT_ROWS = 250_000;

export const REFERENCE = {
  link: { table: 'match_taxpayer_features', id: 'taxpayer_id', side: 'taxpayer' },
  dedup: { table: 'match_seller_features', id: 'seller_id', side: 'seller' },
} as const;

/** `strong`: identifiers, ID fragments, phone, e-mail; `weak`: names, dates, addresses; `all`: both. */
export type KeySet = 'strong' | 'weak' | 'all';

const KEY_COLUMNS: Record<KeySet, string> = { strong: 'skeys', weak: 'bkeys', all: 'skeys || bkeys' };

/**
 * Candidate pairs: a seller in `tmp_match_left` and a record of the reference side (taxpayers for linking,
 * other sellers for entities) that share at least one blocking key (see feature-sql.ts for the keys),
 * added to `tmp_match_cand (seller_id, other_id)`. Everything runs on the caller's client (temp tables).
 */
@Injectable()
export class BlockingService {
  /**
   * Evaluation only (`npm run eval:match`): a table that receives every candidate pair that reached scoring, so
   * blocking recall is measured on the pairs the real run scored. Unset in the service.
   */
  candidateLog: Partial<Record<PairMode, string>> = {};

  async prepare(client: PoolClient): Promise<void> {
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_match_left (seller_id bigint PRIMARY KEY)`);
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_match_cand (seller_id bigint NOT NULL, other_id bigint NOT NULL, PRIMARY KEY (seller_id, other_id))`);
  }

  /**
   * Adds the candidates of `leftTable`'s sellers on `keys`, optionally only those reference records passing
   * `referenceFilter` (SQL on alias `t`); returns how many pairs tmp_match_cand holds.
   */
  async candidates(client: PoolClient, mode: PairMode, keys: KeySet = 'all', leftTable = 'tmp_match_left', referenceFilter = 'true'): Promise<number> {
    const ref = REFERENCE[mode];
    // Temp tables have no statistics until analysed: without them the planner guesses, and guesses badly at scale.
    await client.query(`ANALYZE ${leftTable}`);
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${leftTable}`);
    const bulk = Number(rows[0].n) > BULK_THRESHOLD;
    const leftKeys = `
      SELECT f.seller_id, k.key
      FROM ${leftTable} x
      JOIN match_seller_features f ON f.seller_id = x.seller_id
      CROSS JOIN LATERAL unnest(${KEY_COLUMNS[keys].replace(/(\w+keys)/g, 'f.$1')}) AS k(key)
      WHERE NOT EXISTS (SELECT 1 FROM match_block_stoplist s WHERE s.side = '${ref.side}' AND s.key = k.key)`;
    const pair = mode === 'dedup' ? 'least(lk.seller_id, r.id), greatest(lk.seller_id, r.id)' : 'lk.seller_id, r.id';
    const notSelf = mode === 'dedup' ? 'AND r.id <> lk.seller_id' : '';
    if (bulk) {
      await client.query(`
        INSERT INTO tmp_match_cand (seller_id, other_id)
        SELECT DISTINCT ${pair}
        FROM (${leftKeys}) AS lk
        JOIN (SELECT t.${ref.id} AS id, unnest(${KEY_COLUMNS[keys].replace(/(\w+keys)/g, 't.$1')}) AS key FROM ${ref.table} t WHERE ${referenceFilter}) AS r
          ON r.key = lk.key ${notSelf}
        ON CONFLICT DO NOTHING`);
    } else {
      const matches = keys === 'all' ? `(t.skeys && lk.keys OR t.bkeys && lk.keys)` : `t.${KEY_COLUMNS[keys]} && lk.keys`;
      await client.query(`
        INSERT INTO tmp_match_cand (seller_id, other_id)
        SELECT DISTINCT ${pair}
        FROM (SELECT seller_id, array_agg(key) AS keys FROM (${leftKeys}) AS k GROUP BY seller_id) AS lk
        JOIN LATERAL (SELECT t.${ref.id} AS id FROM ${ref.table} t WHERE ${matches} AND ${referenceFilter}) AS r ON true
        WHERE true ${notSelf}
        ON CONFLICT DO NOTHING`);
    }
    await this.log(client, mode);
    await client.query(`ANALYZE tmp_match_cand`);
    const { rows: count } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM tmp_match_cand`);
    return Number(count[0].n);
  }

  private async log(client: PoolClient, mode: PairMode): Promise<void> {
    const table = this.candidateLog[mode];
    if (table) await client.query(`INSERT INTO ${table} (seller_id, other_id) SELECT seller_id, other_id FROM tmp_match_cand ON CONFLICT DO NOTHING`);
  }

  /** Recounts the reference side's keys and lists those over the cap. */
  async refreshStoplist(client: PoolClient, mode: PairMode): Promise<number> {
    const ref = REFERENCE[mode];
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${ref.table}`);
    const total = Number(rows[0].n);
    const every = Math.max(1, Math.ceil(total / STOPLIST_EXACT_ROWS));
    // On a 1-in-`every` sample a key over the cap shows about cap/every times; a little slack keeps borderline keys.
    const sampledCap = every === 1 ? BLOCK_CAP : Math.max(2, Math.floor((BLOCK_CAP / every) * 0.8));
    await client.query(`DELETE FROM match_block_stoplist WHERE side = $1`, [ref.side]);
    const inserted = await client.query(
      `INSERT INTO match_block_stoplist (side, key, n)
       SELECT $1, key, count(*) * $2 FROM (
         SELECT unnest(skeys || bkeys) AS key FROM ${ref.table} WHERE ${ref.id} % $2 = 0
       ) AS k GROUP BY key HAVING count(*) > $3`,
      [ref.side, every, sampledCap],
    );
    await client.query(`ANALYZE match_block_stoplist`);
    return inserted.rowCount ?? 0;
  }
}

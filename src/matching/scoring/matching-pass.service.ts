import { Inject, Injectable } from '@nestjs/common';
import { PoolClient } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { BlockingService } from '../blocking/blocking.service';
import { priorWeight } from '../model/fellegi-sunter';
import { MatchModel } from '../model/match-model';
import { TfTotals, weakCandidateBound } from '../model/model-sql';
import { writeEdges } from './edge-writer';
import { writeLinks } from './link-writer';
import { tableSize } from '../sql/table-size';
import { fillIdDetails, prepareScored, scoreAllPairs, scoreBestPairs } from './pair-scoring';

export interface PassStats {
  sellers: number;
  candidates: number;
  weakStageSellers: number;
  linksChanged: number;
}

const LINKED = `EXISTS (SELECT 1 FROM seller_links sl WHERE sl.seller_id = %s AND sl.band IN ('auto', 'confirmed'))`;

/**
 * One scoring pass over the sellers in tmp_match_left: their links (seller → taxpayer) and then their edges to
 * other sellers. The caller owns the transaction and the set in tmp_match_left.
 */
@Injectable()
export class MatchingPassService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly blocking: BlockingService,
  ) {}

  private get key(): Buffer {
    return this.config.secrets.piiEncryptionKey;
  }

  async prepare(client: PoolClient): Promise<void> {
    await this.blocking.prepare(client);
    await prepareScored(client);
    await client.query(`CREATE TEMP TABLE IF NOT EXISTS tmp_match_subset (seller_id bigint PRIMARY KEY)`);
  }

  /**
   * Links for tmp_match_left (sellers with an officer-confirmed link must not be in it), in two stages:
   * 1. candidates sharing a strong key (identifier or its fragments, phone, e-mail, company base);
   * 2. candidates sharing only weak keys (names, dates, addresses), for the sellers whose best strong candidate
   *    does not already beat anything a weak-only candidate could weigh by the ambiguity margin. The decision is
   *    the one scoring every candidate would make; only the work differs.
   */
  async link(client: PoolClient, runId: string, model: MatchModel, totals: TfTotals): Promise<PassStats> {
    await client.query(`TRUNCATE tmp_match_scored, tmp_match_cand`);
    let candidates = await this.blocking.candidates(client, 'link', 'strong');
    await this.dropRejected(client);
    await scoreBestPairs(client, model, totals, this.key);

    const prior = priorWeight(model.params.matchesPerRecord, await tableSize(client, 'match_taxpayer_features'));
    await client.query(`TRUNCATE tmp_match_subset`);
    const { rowCount: weak } = await client.query(
      `INSERT INTO tmp_match_subset
       SELECT x.seller_id FROM tmp_match_left x LEFT JOIN tmp_match_scored s ON s.seller_id = x.seller_id
       WHERE s.seller_id IS NULL OR s.weight < $1`,
      [weakCandidateBound(model) + model.thresholds.marginBits],
    );
    if (weak) {
      await client.query(`TRUNCATE tmp_match_cand`);
      candidates += await this.blocking.candidates(client, 'link', 'weak', 'tmp_match_subset');
      await this.dropRejected(client);
      await client.query(`DELETE FROM tmp_match_cand c USING tmp_match_scored s WHERE s.seller_id = c.seller_id AND s.other_id = c.other_id`);
      await scoreBestPairs(client, model, totals, this.key);
    }
    await fillIdDetails(client, 'link', this.key);
    const written = await writeLinks(client, { runId, model, totals, prior });
    const sellers = await this.count(client, 'tmp_match_left');
    return { sellers, candidates, weakStageSellers: weak ?? 0, linksChanged: written.changed };
  }

  /**
   * Edges from tmp_match_left's sellers to other sellers. Two sellers both tied to taxpayers are grouped through
   * them and never need an edge: unlinked sellers are paired with everyone, linked ones only with unlinked ones.
   */
  async dedup(client: PoolClient, model: MatchModel, totals: TfTotals): Promise<{ candidates: number; edges: number }> {
    await client.query(`TRUNCATE tmp_match_scored, tmp_match_cand, tmp_match_subset`);
    await client.query(`INSERT INTO tmp_match_subset SELECT x.seller_id FROM tmp_match_left x WHERE NOT ${LINKED.replace('%s', 'x.seller_id')}`);
    await this.blocking.candidates(client, 'dedup', 'all', 'tmp_match_subset');
    await client.query(`TRUNCATE tmp_match_subset`);
    await client.query(`INSERT INTO tmp_match_subset SELECT x.seller_id FROM tmp_match_left x WHERE ${LINKED.replace('%s', 'x.seller_id')}`);
    const candidates = await this.blocking.candidates(client, 'dedup', 'all', 'tmp_match_subset', `NOT ${LINKED.replace('%s', 't.seller_id')}`);
    const sellers = await tableSize(client, 'match_seller_features');
    const prior = priorWeight(model.params.matchesPerRecord, Math.max(sellers - 1, 1));
    const reviewWeight = Math.log2(model.thresholds.review / (1 - model.thresholds.review)) - prior;
    await scoreAllPairs(client, model, totals, this.key, reviewWeight);
    await fillIdDetails(client, 'dedup', this.key);
    const edges = await writeEdges(client, { model, totals, prior });
    return { candidates, edges };
  }

  private async dropRejected(client: PoolClient): Promise<void> {
    await client.query(`
      DELETE FROM tmp_match_cand c USING link_decision_state d
      WHERE d.seller_id = c.seller_id AND d.taxpayer_id = c.other_id AND d.decision = 'reject'`);
  }

  private async count(client: PoolClient, table: string): Promise<number> {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    return Number(rows[0].n);
  }
}

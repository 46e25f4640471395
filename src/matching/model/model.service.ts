import { Inject, Injectable, Logger } from '@nestjs/common';
import { PoolClient } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { BlockingService, REFERENCE } from '../blocking/blocking.service';
import { FIELDS, PairMode, patternSql, unpackPattern } from './comparisons';
import { estimateU, expectationMaximisation, PatternCount, PRIOR_M, Probabilities } from './fellegi-sunter';
import { buildModel, MatchModel, Thresholds } from './match-model';
import { LEVEL_COLUMNS, pairLevelsSql } from './model-sql';
import { TermFrequencyService } from './term-frequency.service';
import { tableSize } from '../sql/table-size';

const TRAINING_SELLERS = 30_000;
const RANDOM_PAIRS = 150_000;
/** Retrain automatically once either side has grown this much since the active model was trained. */
const RETRAIN_GROWTH = 2;

/**
 * The active model per pair mode, versioned in `match_models`. Training estimates u from random pairs, m and the
 * match rate by EM on blocked candidates of a deterministic sample of sellers, and records how it did so.
 */
@Injectable()
export class ModelService {
  private readonly logger = new Logger(ModelService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly blocking: BlockingService,
    private readonly tf: TermFrequencyService,
  ) {}

  get thresholds(): Thresholds {
    const c = this.config.matching;
    return { auto: c.autoThreshold, review: c.reviewThreshold, marginBits: c.ambiguityMarginBits };
  }

  async active(client: PoolClient, kind: PairMode): Promise<MatchModel | null> {
    const { rows } = await client.query(`SELECT version, kind, params, thresholds, training FROM match_models WHERE kind = $1 AND is_active`, [kind]);
    return (rows[0] as MatchModel | undefined) ?? null;
  }

  /** The model to score with: trained when missing, asked for, or outgrown; re-versioned when the configured thresholds changed. */
  async ensure(client: PoolClient, kind: PairMode, retrain: boolean): Promise<MatchModel> {
    const current = await this.active(client, kind);
    const sizes = await this.sizes(client, kind);
    const outgrown =
      current !== null &&
      (sizes.left >= RETRAIN_GROWTH * Number(current.training.leftRecords ?? 0) ||
        sizes.reference >= RETRAIN_GROWTH * Number(current.training.referenceRecords ?? 0));
    if (!current || retrain || outgrown) return this.train(client, kind, sizes);
    if (JSON.stringify(current.thresholds) !== JSON.stringify(this.thresholds)) {
      return this.save(client, buildModel(kind, current.params, this.thresholds, { ...current.training, thresholdsChangedFrom: current.version }));
    }
    return current;
  }

  private async sizes(client: PoolClient, kind: PairMode): Promise<{ left: number; reference: number }> {
    return { left: await tableSize(client, 'match_seller_features'), reference: await tableSize(client, REFERENCE[kind].table) };
  }

  async train(client: PoolClient, kind: PairMode, sizes: { left: number; reference: number }): Promise<MatchModel> {
    const started = Date.now();
    const lap = laps();
    await this.tf.refresh(client, kind);
    await this.blocking.refreshStoplist(client, kind);
    lap('statistics');
    await this.blocking.prepare(client);
    await client.query(`TRUNCATE tmp_match_left`);
    await client.query(
      `INSERT INTO tmp_match_left SELECT seller_id FROM match_seller_features ORDER BY hashint8(seller_id), seller_id LIMIT $1`,
      [TRAINING_SELLERS],
    );
    await client.query(`TRUNCATE tmp_match_cand`);
    const candidates = await this.blocking.candidates(client, kind, 'all');
    lap('candidates');
    const patterns = await this.patternCounts(client, kind);
    lap('candidateLevels');
    const random = await this.randomPairLevels(client, kind, sizes);
    lap('randomPairs');
    const uStart = estimateU(random.counts, random.sampled);
    const em = expectationMaximisation(patterns, {
      m: PRIOR_M,
      u: uStart.map((row) => row.map((v) => 0.5 * v + 0.5 / row.length)),
      lambda: 0.3,
    });
    const trainedLeft = Math.min(sizes.left, TRAINING_SELLERS);
    const perRecord = (em.lambda * candidates) / Math.max(trainedLeft, 1);
    const uRandom = withoutMatches(random, em.m, perRecord / Math.max(kind === 'link' ? sizes.reference : sizes.left - 1, 1));
    const nameU = uRandom[1];
    const model = buildModel(
      kind,
      {
        m: em.m,
        u: uRandom,
        matchesPerRecord: kind === 'link' ? Math.min(Math.max(perRecord, 1e-6), 1) : Math.max(perRecord, 1e-6),
        tfShare: { name: nameU.map((v, l) => (l >= 4 ? v / (nameU[4] + nameU[5]) : 0)), phone: [0, 1] },
      },
      this.thresholds,
      {
        trainedAt: new Date().toISOString(),
        leftRecords: sizes.left,
        referenceRecords: sizes.reference,
        sampledSellers: trainedLeft,
        candidatePairs: candidates,
        randomPairs: random.sampled,
        randomPairLevelCounts: random.counts,
        emIterations: em.iterations,
        emConverged: em.converged,
        candidateMatchShare: em.lambda,
        candidateU: em.u,
        ms: Date.now() - started,
        phasesMs: lap('em'),
      },
    );
    this.logger.log({ kind, version: model.version, candidates, iterations: em.iterations, ms: Date.now() - started }, 'match model trained');
    return this.save(client, model);
  }

  private async save(client: PoolClient, model: MatchModel): Promise<MatchModel> {
    await client.query(`UPDATE match_models SET is_active = false WHERE kind = $1 AND is_active AND version <> $2`, [model.kind, model.version]);
    await client.query(
      `INSERT INTO match_models (version, kind, params, thresholds, training, is_active) VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (version) DO UPDATE SET is_active = true`,
      [model.version, model.kind, JSON.stringify(model.params), JSON.stringify(model.thresholds), JSON.stringify(model.training)],
    );
    return model;
  }

  private async patternCounts(client: PoolClient, kind: PairMode): Promise<PatternCount[]> {
    const { rows } = await client.query<{ pattern: number; n: string }>(
      `SELECT ${patternSql(LEVEL_COLUMNS)} AS pattern, count(*) AS n FROM (${pairLevelsSql(kind, REFERENCE[kind])}) AS s GROUP BY 1`,
      [this.config.secrets.piiEncryptionKey],
    );
    return rows.map((r) => ({ levels: unpackPattern(r.pattern), count: Number(r.n) }));
  }

  /** Level counts per field over random pairs (all pairs when there are few): the u-probabilities. */
  private async randomPairLevels(client: PoolClient, kind: PairMode, sizes: { left: number; reference: number }): Promise<{ counts: Probabilities; sampled: number }> {
    const ref = REFERENCE[kind];
    await client.query(`TRUNCATE tmp_match_cand`);
    const pair = kind === 'dedup' ? 'least(l.id, r.id), greatest(l.id, r.id)' : 'l.id, r.id';
    if (sizes.left * sizes.reference <= RANDOM_PAIRS) {
      await client.query(
        `INSERT INTO tmp_match_cand SELECT ${pair} FROM (SELECT seller_id AS id FROM match_seller_features) l
         CROSS JOIN (SELECT ${ref.id} AS id FROM ${ref.table}) r WHERE l.id <> r.id OR '${kind}' = 'link' ON CONFLICT DO NOTHING`,
      );
    } else {
      await client.query(
        `WITH l AS (SELECT seller_id AS id, row_number() OVER (ORDER BY seller_id) AS rn FROM match_seller_features),
              r AS (SELECT ${ref.id} AS id, row_number() OVER (ORDER BY ${ref.id}) AS rn FROM ${ref.table}),
              p AS (SELECT 1 + abs(hashint8(g)) % $2 AS li, 1 + abs(hashint8(g + 1000000007)) % $3 AS ri FROM generate_series(1, $1::bigint) AS g)
         INSERT INTO tmp_match_cand SELECT ${pair} FROM p JOIN l ON l.rn = p.li JOIN r ON r.rn = p.ri
         WHERE l.id <> r.id OR '${kind}' = 'link' ON CONFLICT DO NOTHING`,
        [RANDOM_PAIRS, sizes.left, sizes.reference],
      );
    }
    const patterns = await this.patternCounts(client, kind);
    const counts = FIELDS.map((f) => new Array<number>(f.levels.length).fill(0));
    let sampled = 0;
    for (const p of patterns) {
      sampled += p.count;
      p.levels.forEach((l, f) => {
        if (l >= 0) counts[f][l] += p.count;
      });
    }
    return { counts, sampled };
  }
}

/**
 * Random pairs include a few true matches (one in N on the other side): on a small data set they are enough to
 * make agreeing on an ID look common among strangers. Their expected share, by the m just estimated, is removed.
 */
function withoutMatches(random: { counts: Probabilities; sampled: number }, m: Probabilities, matchShare: number): Probabilities {
  const matches = Math.min(matchShare, 0.5) * random.sampled;
  const counts = random.counts.map((row, f) => {
    const present = row.reduce((a, b) => a + b, 0);
    const matchesHere = matches * (present / Math.max(random.sampled, 1));
    return row.map((c, l) => Math.max(c - matchesHere * m[f][l], 0));
  });
  return estimateU(counts, random.sampled - matches);
}

/** Milliseconds per training phase, for the training record. */
function laps(): (name: string) => Record<string, number> {
  const phases: Record<string, number> = {};
  let last = Date.now();
  return (name) => {
    phases[name] = Date.now() - last;
    last = Date.now();
    return phases;
  };
}

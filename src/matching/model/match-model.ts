import { createHash } from 'node:crypto';
import { FIELDS, PairMode, RULE_VERSION } from './comparisons';
import { Probabilities, weights } from './fellegi-sunter';

export interface Thresholds {
  /** Posterior probability at or above which a link is made without an officer. */
  auto: number;
  /** At or above: shown to officers for review; below: no link. */
  review: number;
  /** The best candidate must beat the runner-up by this many bits (log2 odds), else it goes to review. */
  marginBits: number;
}

export interface ModelParams {
  m: Probabilities;
  u: Probabilities;
  /** Expected true matches per seller among all records of the other side (estimated by EM). */
  matchesPerRecord: number;
  /** For tf levels: the share of that level in random-pair agreement (Splink's u_level / u_exact inflation). */
  tfShare: { name: number[]; phone: number[] };
}

export interface MatchModel {
  version: string;
  kind: PairMode;
  params: ModelParams;
  thresholds: Thresholds;
  training: Record<string, unknown>;
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}

/** Rounds the parameters (so a retrain on the same data gives the same version) and names the model by their hash. */
export function buildModel(kind: PairMode, params: ModelParams, thresholds: Thresholds, training: Record<string, unknown>): MatchModel {
  const rounded: ModelParams = {
    m: params.m.map((row) => row.map(round)),
    u: params.u.map((row) => row.map(round)),
    matchesPerRecord: round(params.matchesPerRecord),
    tfShare: { name: params.tfShare.name.map(round), phone: params.tfShare.phone.map(round) },
  };
  const digest = createHash('sha256').update(JSON.stringify({ kind, rounded, thresholds, RULE_VERSION })).digest('hex');
  return { version: `fs-${kind}-${digest.slice(0, 10)}`, kind, params: rounded, thresholds, training };
}

export function modelWeights(model: MatchModel): number[][] {
  return weights(model.params.m, model.params.u);
}

/** What officers and auditors read: each field's levels with m, u and the weight (log2 Bayes factor). */
export function describeModel(model: MatchModel): Record<string, unknown> {
  const w = modelWeights(model);
  return {
    version: model.version,
    kind: model.kind,
    rules: RULE_VERSION,
    thresholds: model.thresholds,
    matchesPerRecord: model.params.matchesPerRecord,
    fields: Object.fromEntries(
      FIELDS.map((f, i) => [
        f.name,
        f.levels.map((level, l) => ({
          level,
          m: model.params.m[i][l],
          u: model.params.u[i][l],
          weight: Number(w[i][l].toFixed(3)),
          termFrequencyAdjusted: f.tf?.levels.includes(l) ?? false,
        })),
      ]),
    ),
  };
}

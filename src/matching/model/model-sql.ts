import { FIELDS, FieldName, levelSql, PairMode, QUASI_IDENTIFIER_MAX_BITS, RULE_VERSION, tfTermSql } from './comparisons';
import { priorWeight } from './fellegi-sunter';
import { MatchModel, modelWeights } from './match-model';

/** Sizes of the reference side the term frequencies were counted on (see TermFrequencyService). */
export interface TfTotals {
  name: number;
  phone: number;
}

export const LEVEL_COLUMNS = FIELDS.map((f) => `g_${f.name}`);

const num = (value: number) => (Number.isFinite(value) ? value.toPrecision(10) : '0');

/** Level columns, tf terms and the ids of a candidate pair from `tmp_match_cand c` joined to both feature rows. */
export function pairLevelsSql(mode: PairMode, reference: { table: string; id: string }): string {
  const levels = levelSql(mode);
  return `
    SELECT c.seller_id, c.other_id, r.version AS other_version,
           ${FIELDS.map((f) => `(${levels[f.name]})::smallint AS g_${f.name}`).join(',\n           ')},
           ${tfTermSql('name')} AS tf_name_term,
           ${tfTermSql('phone')} AS tf_phone_term
    FROM tmp_match_cand c
    JOIN match_seller_features l ON l.seller_id = c.seller_id
    JOIN ${reference.table} r ON r.${reference.id} = c.other_id`;
}

/**
 * The weight (log2 Bayes factor) of one field for level column `g_<field>`; tf levels use the frequency of
 * the agreed value (`tfn`/`tfp`: how many reference records carry it) in place of the average u.
 */
export function fieldWeightSql(model: MatchModel, field: FieldName, totals: TfTotals): string {
  const i = FIELDS.findIndex((f) => f.name === field);
  const spec = FIELDS[i];
  const w = modelWeights(model)[i];
  const cap = (sql: string) => (spec.quasiIdentifier ? `least(${sql}, ${QUASI_IDENTIFIER_MAX_BITS})` : sql);
  const cases = spec.levels.map((_, l) => {
    if (spec.tf?.levels.includes(l)) {
      const total = Math.max(spec.tf.scope === 'name' ? totals.name : totals.phone, 1);
      const count = spec.tf.scope === 'name' ? 'tfn' : 'tfp';
      const share = model.params.tfShare[spec.tf.scope][l];
      const m = model.params.m[i][l];
      const u = model.params.u[i][l];
      // u of this value = how many other records carry it (the record's own match aside) over all, times the
      // level's share of such agreement; never below the level's average u: frequency only weakens evidence.
      return `WHEN ${l} THEN ${cap(`(${num(Math.log2(m))} - ln(greatest((coalesce(${count}, 1) - 1)::float8 / ${total} * ${num(share)}, ${num(u)})) / ln(2))`)}`;
    }
    return `WHEN ${l} THEN ${num(spec.quasiIdentifier ? Math.min(w[l], QUASI_IDENTIFIER_MAX_BITS) : w[l])}`;
  });
  return `(CASE g_${field} ${cases.join(' ')} ELSE 0 END)::float8`;
}

export function totalWeightSql(model: MatchModel, totals: TfTotals): string {
  return FIELDS.map((f) => fieldWeightSql(model, f.name, totals)).join(' + ');
}

/**
 * The most a pair can weigh when it shares no strong key: its ID is then different or missing (exact, near and
 * same-company IDs, phones and e-mails are all strong keys), so only names, dates, addresses and a near e-mail
 * can add. A seller whose best strong candidate leads this by the ambiguity margin needs no weak candidates.
 */
export function weakCandidateBound(model: MatchModel): number {
  const w = modelWeights(model);
  const best = (field: FieldName, levels?: number[]) => {
    const i = FIELDS.findIndex((f) => f.name === field);
    const capped = w[i].map((v) => (FIELDS[i].quasiIdentifier ? Math.min(v, QUASI_IDENTIFIER_MAX_BITS) : v));
    return Math.max(0, ...(levels ? levels.map((l) => capped[l]) : capped));
  };
  return best('name') + best('dob') + best('address') + best('email', [0, 1]) + best('id', [0]) + best('phone', [0]);
}

export function priorSql(model: MatchModel, otherSide: number): number {
  return priorWeight(model.params.matchesPerRecord, otherSide);
}

const levelName = (field: FieldName) => {
  const spec = FIELDS.find((f) => f.name === field)!;
  return `CASE g_${field} ${spec.levels.map((name, l) => `WHEN ${l} THEN '${name}'`).join(' ')} ELSE 'missing' END`;
};

/**
 * The explanation stored with a link or an edge, compact because it is written for every seller: per compared
 * field `[level, weight]` (weight = log2 Bayes factor; the factor is 2^weight), plus the ID's detail (which
 * registry identifier matched, or the digit slip) and the agreed value's frequency for term-frequency levels;
 * the prior, the model and rule versions. GET /v1/links/:sellerId expands it (explainFields).
 */
export function explanationSql(model: MatchModel, totals: TfTotals, prior: number): string {
  const fields = FIELDS.map((f) => {
    const weight = `round((${fieldWeightSql(model, f.name, totals)})::numeric, 2)`;
    const extra =
      f.name === 'id' ? ', id_detail' : f.tf ? `, CASE WHEN g_${f.name} IN (${f.tf.levels.join(', ')}) THEN coalesce(${f.tf.scope === 'name' ? 'tfn' : 'tfp'}, 1) END` : '';
    return `'${f.name}', jsonb_build_array(${levelName(f.name)}, ${weight}${extra})`;
  });
  return `jsonb_build_object('model', '${model.version}', 'rules', '${RULE_VERSION}', 'prior', ${num(prior)}::numeric(9,2),
      'fields', jsonb_build_object(${fields.join(', ')}),
      'runnerUpWeight', round((second_weight + ${num(prior)})::numeric, 2))`;
}

/** The stored compact explanation, spelled out: each field's level, weight and Bayes factor. */
export function explainFields(explanation: Record<string, unknown>): Record<string, unknown> {
  const fields = (explanation.fields ?? {}) as Record<string, [string, number, (string | number | null)?]>;
  return {
    ...explanation,
    fields: Object.fromEntries(
      Object.entries(fields).map(([name, [level, weight, extra]]) => [
        name,
        {
          level,
          weight: Number(weight),
          bayesFactor: Number((2 ** Number(weight)).toPrecision(6)),
          ...(extra === undefined || extra === null ? {} : name === 'id' ? { detail: extra } : { valueFrequency: extra }),
        },
      ]),
    ),
  };
}

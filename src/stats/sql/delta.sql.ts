import {
  COHORT_FACT_COLUMNS,
  COHORT_MEASURES,
  cohortMeasureExpression,
  COUNT_FLAGS,
  FACT_COLUMNS,
  MONEY_COLUMNS,
  SUMMARY_MEASURES,
} from '../stats-measures';

/**
 * Incremental maintenance of the summaries. For the chunk's entities: the contribution of their new fact rows is
 * added and that of their stored fact rows subtracted, grouped by summary key, in one statement (only keys whose
 * delta is not zero are written); then their fact rows are replaced. Run in the chunk's transaction under the stats
 * lock, this keeps summary = Σ facts at every commit, and a chunk recomputed with unchanged inputs writes nothing to
 * the summaries.
 */
interface DeltaSpec {
  summary: string;
  facts: string;
  newFacts: string;
  keys: readonly string[];
  /** Key columns that depend on the others (period_kind, tax_year of a period): carried, not grouped on. */
  carried: readonly string[];
  measures: ReadonlyArray<{ name: string; expression: string }>;
}

function deltaStatement(spec: DeltaSpec): string {
  const columns = [...spec.keys, ...spec.carried];
  const contribution = (sign: string, source: string) =>
    `SELECT ${sign} AS sign, ${columns.map((c) => `x.${c}`).join(', ')}, ${spec.measures.map((m) => `${m.expression} AS ${m.name}`).join(', ')} FROM ${source}`;
  const sums = spec.measures.map((m) => `sum(sign * ${m.name})::bigint AS ${m.name}`);
  const nonZero = spec.measures.map((m) => `${m.name} <> 0`).join(' OR ');
  return `
WITH contributions AS (
  ${contribution('1', `${spec.newFacts} x`)}
  UNION ALL
  ${contribution('-1', `${spec.facts} x JOIN stats_chunk c ON c.entity_id = x.entity_id`)}
), delta AS (
  SELECT ${spec.keys.join(', ')}, ${spec.carried.map((c) => `min(${c}) AS ${c}`).join(', ')}${spec.carried.length ? ', ' : ''}${sums.join(', ')}
  FROM contributions GROUP BY ${spec.keys.join(', ')}
)
INSERT INTO ${spec.summary} (${[...columns, ...spec.measures.map((m) => m.name)].join(', ')})
SELECT ${[...columns, ...spec.measures.map((m) => m.name)].join(', ')} FROM delta WHERE ${nonZero}
ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET
  ${spec.measures.map((m) => `${m.name} = ${spec.summary}.${m.name} + EXCLUDED.${m.name}`).join(',\n  ')}`;
}

/**
 * A full refresh: the summary becomes the sum of the new fact rows. Only rows that differ are written (and rows no
 * longer made of any fact deleted), so an unchanged world rewrites nothing and the table does not bloat.
 */
function rebuildStatements(spec: DeltaSpec): string[] {
  const columns = [...spec.keys, ...spec.carried];
  const measures = spec.measures.map((m) => m.name);
  const rebuilt = `${spec.summary}_rebuilt`;
  return [
    `CREATE TEMP TABLE ${rebuilt} ON COMMIT DROP AS
     SELECT ${spec.keys.map((k) => `x.${k}`).join(', ')}, ${spec.carried.map((c) => `min(x.${c}) AS ${c}`).join(', ')}${spec.carried.length ? ', ' : ''}
            ${spec.measures.map((m) => `sum(${m.expression})::bigint AS ${m.name}`).join(', ')}
     FROM ${spec.newFacts} x GROUP BY ${spec.keys.map((k) => `x.${k}`).join(', ')}`,
    `DELETE FROM ${spec.summary} s WHERE NOT EXISTS (SELECT 1 FROM ${rebuilt} r WHERE ${spec.keys.map((k) => `r.${k} = s.${k}`).join(' AND ')})`,
    `INSERT INTO ${spec.summary} (${[...columns, ...measures].join(', ')}) SELECT ${[...columns, ...measures].join(', ')} FROM ${rebuilt}
     ON CONFLICT (${spec.keys.join(', ')}) DO UPDATE SET (${measures.join(', ')}) = (${measures.map((m) => `EXCLUDED.${m}`).join(', ')})
     WHERE (${measures.map((m) => `${spec.summary}.${m}`).join(', ')}) IS DISTINCT FROM (${measures.map((m) => `EXCLUDED.${m}`).join(', ')})`,
  ];
}

function measureExpression(measure: string): string {
  if (measure === 'sellers') return '1';
  if ((COUNT_FLAGS as readonly string[]).includes(measure)) return `x.${measure}::int`;
  if ((MONEY_COLUMNS as readonly string[]).includes(measure)) return `x.${measure}`;
  throw new Error(`unknown summary measure ${measure}`);
}

const SUMMARY_SPEC: DeltaSpec = {
  summary: 'stats_self_declaration',
  facts: 'stats_entity_periods',
  newFacts: 'stats_new_facts',
  keys: ['period', 'platform_key', 'province', 'category'],
  carried: ['period_kind', 'tax_year'],
  measures: SUMMARY_MEASURES.map((name) => ({ name, expression: measureExpression(name) })),
};

const COHORT_SPEC: DeltaSpec = {
  summary: 'stats_cohorts',
  facts: 'stats_entity_cohorts',
  newFacts: 'stats_new_cohorts',
  keys: ['first_quarter', 'platform_key', 'province', 'category'],
  carried: [],
  measures: COHORT_MEASURES.map((name) => ({ name, expression: cohortMeasureExpression(name).replace(/(registered_after|declared_after)/g, 'x.$1') })),
};

export const SUMMARY_DELTA = deltaStatement(SUMMARY_SPEC);
export const COHORT_DELTA = deltaStatement(COHORT_SPEC);

/** A summary row whose sellers went to zero has nothing left in it (every measure is a sum over its sellers). */
export const DROP_EMPTY = [`DELETE FROM stats_self_declaration WHERE sellers = 0`, `DELETE FROM stats_cohorts WHERE sellers = 0`];

const INSERT_FACTS = [
  `INSERT INTO stats_entity_periods (${FACT_COLUMNS.join(', ')}) SELECT ${FACT_COLUMNS.join(', ')} FROM stats_new_facts`,
  `INSERT INTO stats_entity_cohorts (${COHORT_FACT_COLUMNS.join(', ')}) SELECT ${COHORT_FACT_COLUMNS.join(', ')} FROM stats_new_cohorts`,
];

/**
 * Every entity at once: the facts are replaced wholesale (TRUNCATE: only refreshes read them, under the stats lock)
 * and the summaries set to their sums. Readers of the summaries see the old figures until the commit.
 */
export const FULL_REBUILD = [
  ...rebuildStatements(SUMMARY_SPEC),
  ...rebuildStatements(COHORT_SPEC),
  `TRUNCATE stats_entity_periods, stats_entity_cohorts`,
  ...INSERT_FACTS,
];

export const REPLACE_FACTS = [
  `DELETE FROM stats_entity_periods f USING stats_chunk c WHERE f.entity_id = c.entity_id`,
  `DELETE FROM stats_entity_cohorts f USING stats_chunk c WHERE f.entity_id = c.entity_id`,
  ...INSERT_FACTS,
];

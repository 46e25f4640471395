import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { SUMMARY_MEASURES, SummaryMeasure } from './stats-measures';
import { csv, dimensionFields, groupColumns, keySelect, platformCondition, statsMeta, StatsFilters, withNames } from './stats-query.support';
import { rate } from './stats-rate';
import { SelfDeclarationResponseDto, SelfDeclarationRowDto } from './stats.dto';

/** How each summary measure is named in the API (counts and amounts); README "Self-declaration figures". */
const COUNT_NAMES: ReadonlyArray<[SummaryMeasure, string]> = [
  ['sellers', 'sellers'],
  ['linked', 'linked'],
  ['registered_before', 'registeredBeforeFirstSeen'],
  ['newly_registered', 'newlyRegistered'],
  ['pending_review', 'pendingLinkReview'],
  ['with_declaration', 'withDeclaration'],
  ['with_withholding', 'withWithholding'],
  ['covered', 'declaredOrWithheld'],
  ['fully_declared', 'fullySelfDeclared'],
  ['with_case', 'withCase'],
  ['flagged_unregistered', 'flaggedUnregistered'],
  ['flagged_not_filed', 'flaggedNotFiled'],
  ['flagged_under_declared', 'flaggedUnderDeclared'],
  ['flagged_split', 'flaggedSplitAcrossPlatforms'],
];
const AMOUNT_NAMES: ReadonlyArray<[string, string]> = [
  ['platform_revenue', 'platformRevenue'],
  ['declared_revenue', 'declaredRevenue'],
  ['withheld_revenue', 'withheldRevenue'],
  ['tax_declared', 'taxDeclared'],
  ['tax_withheld', 'taxWithheld'],
  ['tax_declared_and_withheld', 'taxDeclaredAndWithheld'],
  ['estimated_due', 'estimatedDue'],
];
/** Every rate is a share of sellers, except the two money coverages (numerator column, denominator column). */
const RATES: ReadonlyArray<[string, string, string]> = [
  ['linked', 'linked', 'sellers'],
  ['registeredBeforeFirstSeen', 'registered_before', 'sellers'],
  ['newlyRegistered', 'newly_registered', 'sellers'],
  ['declaration', 'with_declaration', 'sellers'],
  ['withholding', 'with_withholding', 'sellers'],
  ['selfDeclaration', 'covered', 'sellers'],
  ['fullySelfDeclared', 'fully_declared', 'sellers'],
  ['revenueCoverage', 'covered_revenue', 'platform_revenue'],
  ['taxCoverage', 'tax_declared_and_withheld', 'estimated_due'],
];

export interface SelfDeclarationQuery extends StatsFilters {
  periods: string[] | null;
  periodKind: 'quarter' | 'year' | null;
}

/** Reads the summary table (a few thousand rows at most, whatever the number of sellers) and derives the rates. */
@Injectable()
export class SelfDeclarationQueryService {
  constructor(private readonly sql: SqlService) {}

  async figures(query: SelfDeclarationQuery): Promise<SelfDeclarationResponseDto> {
    const keys = groupColumns(query);
    // Grouped on the whole summary key, each summary row is an answer row: nothing to add up.
    const direct = keys.length === 3;
    const inner = `
      SELECT s.period, ${direct ? 's.period_kind' : 'min(s.period_kind) AS period_kind'}, ${keySelect(query)},
             ${SUMMARY_MEASURES.map((m) => (direct ? `s.${m}` : `sum(s.${m})::bigint AS ${m}`)).join(', ')}
      FROM stats_self_declaration s
      WHERE ($1::text[] IS NULL OR s.period = ANY($1)) AND ($2::text IS NULL OR s.period_kind = $2)
        AND ${platformCondition(query)}
        AND ($4::text IS NULL OR s.province = $4) AND ($5::text IS NULL OR s.category = $5)
      ${direct ? '' : `GROUP BY ${['s.period', ...keys.map((k) => `s.${k}`)].join(', ')}`}`;
    const extra = [`a.tax_declared + a.tax_withheld AS tax_declared_and_withheld`, `a.declared_revenue + a.withheld_revenue AS covered_revenue`];
    const rows = await this.sql.query(withNames(inner, ['period', ...keys], extra), [query.periods, query.periodKind, query.platformId, query.province, query.category]);
    return { meta: await statsMeta(this.sql, query), rows: rows.map((row) => this.toRow(row, query)) };
  }

  toCsv(response: SelfDeclarationResponseDto): string {
    const countKeys = COUNT_NAMES.map(([, name]) => name);
    const amountKeys = AMOUNT_NAMES.map(([, name]) => name);
    const rateKeys = RATES.map(([name]) => name);
    const header = ['period', 'period_kind', 'platform_code', 'platform_name', 'province_code', 'province_name', 'category', ...countKeys, ...amountKeys, ...rateKeys.map((k) => `rate_${k}`)];
    return csv(
      header,
      response.rows.map((r) => [
        r.period, r.periodKind, r.platform?.code, r.platform?.name, r.province?.code, r.province?.name, r.category,
        ...countKeys.map((k) => r.counts[k]), ...amountKeys.map((k) => r.amounts[k]), ...rateKeys.map((k) => r.rates[k]),
      ]),
    );
  }

  private toRow(row: Record<string, any>, query: SelfDeclarationQuery): SelfDeclarationRowDto {
    const counts: Record<string, string> = {};
    for (const [column, name] of COUNT_NAMES) counts[name] = row[column];
    const amounts: Record<string, string> = {};
    for (const [column, name] of AMOUNT_NAMES) amounts[name] = row[column];
    const rates: Record<string, string | null> = {};
    for (const [name, numerator, denominator] of RATES) rates[name] = rate(row[numerator], row[denominator]);
    return { period: row.period, periodKind: row.period_kind, ...dimensionFields(row, query), counts, amounts, rates };
  }
}

import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { todayInVietnam } from '../identifiers/vietnam-date';
import { COHORT_MEASURES, COHORT_WINDOWS } from './stats-measures';
import { csv, dimensionFields, groupColumns, keySelect, platformCondition, statsMeta, StatsFilters, withNames } from './stats-query.support';
import { rate } from './stats-rate';
import { quarterEnd } from './quarter-end';
import { CohortResponseDto, CohortRowDto, CohortWindowDto } from './stats.dto';

export interface CohortQuery extends StatsFilters {
  from: string | null;
  to: string | null;
  /** The judgment date for `final` (default: today in Vietnam). */
  asOf?: string;
}

/**
 * Cohorts: of the sellers first seen on a platform in quarter Q, how many had registered / were declaring (or had
 * tax withheld) within 1, 2 and 4 quarters after Q, and by now. Read from the cohort summary table.
 */
@Injectable()
export class CohortQueryService {
  constructor(private readonly sql: SqlService) {}

  async cohorts(query: CohortQuery): Promise<CohortResponseDto> {
    const keys = groupColumns(query);
    const direct = keys.length === 3; // grouped on the whole summary key: nothing to add up
    const inner = `
      SELECT s.first_quarter, ${keySelect(query)}, ${COHORT_MEASURES.map((m) => (direct ? `s.${m}` : `sum(s.${m})::bigint AS ${m}`)).join(', ')}
      FROM stats_cohorts s
      WHERE ($1::text IS NULL OR s.first_quarter >= $1) AND ($2::text IS NULL OR s.first_quarter <= $2)
        AND ${platformCondition(query)}
        AND ($4::text IS NULL OR s.province = $4) AND ($5::text IS NULL OR s.category = $5)
      ${direct ? '' : `GROUP BY ${['s.first_quarter', ...keys.map((k) => `s.${k}`)].join(', ')}`}`;
    const rows = await this.sql.query(withNames(inner, ['first_quarter', ...keys]), [query.from, query.to, query.platformId, query.province, query.category]);
    const today = query.asOf ?? todayInVietnam();
    return { meta: await statsMeta(this.sql, query), rows: rows.map((row) => this.toRow(row, query, today)) };
  }

  toCsv(response: CohortResponseDto): string {
    const windows = [...COHORT_WINDOWS.map((k) => `within${k}Q`), 'now'];
    const header = ['cohort', 'platform_code', 'platform_name', 'province_code', 'province_name', 'category', 'sellers'];
    for (const kind of ['registered', 'declaring']) {
      for (const w of windows) header.push(`${kind}_${w}`, `${kind}_${w}_rate`, ...(w === 'now' ? [] : [`${kind}_${w}_final`]));
    }
    return csv(
      header,
      response.rows.map((r) => {
        const cells: Array<string | boolean | null | undefined> = [r.cohort, r.platform?.code, r.platform?.name, r.province?.code, r.province?.name, r.category, r.sellers];
        for (const group of [r.registered, r.declaring]) {
          for (const w of windows) {
            const cell = group[w] as Partial<CohortWindowDto>;
            cells.push(cell.count, cell.rate, ...(w === 'now' ? [] : [cell.final]));
          }
        }
        return cells;
      }),
    );
  }

  private toRow(row: Record<string, any>, query: CohortQuery, today: string): CohortRowDto {
    const group = (kind: 'registered' | 'declaring') => {
      const out: CohortRowDto['registered'] = {};
      for (const k of COHORT_WINDOWS) {
        const windowEnd = quarterEnd(row.first_quarter, k);
        out[`within${k}Q`] = { count: row[`${kind}_${k}q`], rate: rate(row[`${kind}_${k}q`], row.sellers), windowEnd, final: windowEnd < today };
      }
      out.now = { count: row[`${kind}_now`], rate: rate(row[`${kind}_now`], row.sellers) };
      return out;
    };
    return { cohort: row.first_quarter, ...dimensionFields(row, query), sellers: row.sellers, registered: group('registered'), declaring: group('declaring') };
  }
}

import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { writeWithBackpressure } from '../common/write-with-backpressure';
import { SqlService } from '../database/sql.service';
import { CaseListFilter, CaseSort, listSql } from './case-list.query';
import { csvLine } from '../common/csv-cell';
import { displayTaxCode } from './letter/case-letter-facts';
import { PlatformDirectory } from './platform-directory';

const FETCH = 2_000;
export const EXPORT_COLUMNS = [
  'case_id', 'tax_year', 'status', 'estimated_tax_at_risk', 'link_band', 'link_confidence', 'signal_codes', 'waiting_on',
  'province', 'platforms', 'assignee', 'taxpayer_tax_code', 'taxpayer_name', 'opened_at', 'updated_at', 'version',
] as const;

/**
 * A filtered queue as CSV, streamed through a server-side cursor in one read-only snapshot, honouring back-pressure:
 * an export of a whole province never sits in memory. Same filters and order as the list.
 */
@Injectable()
export class CaseExportService {
  constructor(
    private readonly sql: SqlService,
    private readonly platforms: PlatformDirectory,
  ) {}

  async stream(filter: CaseListFilter, sort: CaseSort, response: Response): Promise<number> {
    const { text, params } = listSql(filter, sort, null, null);
    // Per-row lookups (scalar and LATERAL, i.e. nested loops) keep the ordered subquery's order.
    const query = `SELECT x.*, (SELECT name FROM users u WHERE u.id = x.assigned_to) AS assignee_name, t.tax_code, t.taxpayer_name
      FROM (${text}) x
      LEFT JOIN LATERAL (SELECT tv.tax_code, tv.name AS taxpayer_name FROM taxpayer_versions tv
                         WHERE tv.taxpayer_id = x.taxpayer_id::bigint AND tv.valid_to IS NULL LIMIT 1) t ON true`;
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="cases.csv"');
    let count = 0;
    await this.sql.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        await client.query(`DECLARE case_export NO SCROLL CURSOR FOR ${query}`, params);
        await write(response, `\uFEFF${csvLine([...EXPORT_COLUMNS])}`);
        for (;;) {
          const { rows } = await client.query(`FETCH ${FETCH} FROM case_export`);
          if (rows.length === 0) break;
          let chunk = '';
          for (const r of rows) chunk += csvLine(await this.values(r));
          count += rows.length;
          await write(response, chunk);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    response.end();
    return count;
  }

  private async values(r: Record<string, any>): Promise<unknown[]> {
    return [
      r.case_id, r.tax_year, r.status, r.estimate, r.link_band, r.link_confidence, r.signal_codes, r.waiting_on, r.province_code,
      (await this.platforms.codes(r.platform_ids)).sort(), r.assignee_name, displayTaxCode(r.tax_code), r.taxpayer_name, r.opened_at, r.updated_at, r.version,
    ];
  }
}

const write = (response: Response, text: string) => writeWithBackpressure(response, text);

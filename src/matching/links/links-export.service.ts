import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { csvCell } from '../../common/csv-cell';
import { writeWithBackpressure } from '../../common/write-with-backpressure';
import { SqlService } from '../../database/sql.service';

export interface LinksExportRequest {
  /** Restrict to one platform (its id); platforms are always restricted to themselves. */
  platformId: string | null;
  format: 'csv' | 'json';
  /** Registry details (taxpayer tax code) are for officers and auditors only. */
  withRegistry: boolean;
  /** What was believed at that time (from the append-only histories) instead of now. */
  asOf: Date | null;
}

const FETCH = 5_000;

const CURRENT = `
  SELECT p.code AS platform, ps.seller_ref, m.entity_id, sl.taxpayer_id, sl.score, coalesce(sl.band, 'none') AS band,
         sl.model_version, sl.decided_at
  FROM platform_sellers ps
  JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN seller_links sl ON sl.seller_id = ps.id
  LEFT JOIN seller_entity_members m ON m.seller_id = ps.id
  WHERE ($1::uuid IS NULL OR ps.platform_id = $1::uuid)`;

// As of T: each seller's last history rows recorded up to T (link and entity membership).
const AS_OF = `
  SELECT p.code AS platform, ps.seller_ref, eh.entity_id, h.taxpayer_id, h.score, coalesce(h.band, 'none') AS band,
         h.model_version, h.recorded_at AS decided_at
  FROM platform_sellers ps
  JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN LATERAL (
    SELECT taxpayer_id, score, band, model_version, recorded_at FROM match_history mh
    WHERE mh.seller_id = ps.id AND mh.recorded_at <= $2 ORDER BY mh.recorded_at DESC, mh.id DESC LIMIT 1
  ) AS h ON true
  LEFT JOIN LATERAL (
    SELECT entity_id FROM seller_entity_history seh
    WHERE seh.seller_id = ps.id AND seh.recorded_at <= $2 ORDER BY seh.recorded_at DESC, seh.id DESC LIMIT 1
  ) AS eh ON true
  WHERE ($1::uuid IS NULL OR ps.platform_id = $1::uuid) AND ps.first_seen_at <= $2`;

const COLUMNS_PUBLIC = ['platform', 'seller_ref', 'entity_id', 'score', 'band'] as const;
const COLUMNS_REGISTRY = ['platform', 'seller_ref', 'entity_id', 'taxpayer_tax_code', 'score', 'band', 'model_version', 'decided_at'] as const;

/**
 * Streams every platform seller's link through a server-side cursor, a few thousand rows at a time, honouring
 * back-pressure: a national export never sits in memory.
 */
@Injectable()
export class LinksExportService {
  constructor(private readonly sql: SqlService) {}

  async stream(request: LinksExportRequest, response: Response): Promise<void> {
    const base = request.asOf ? AS_OF : CURRENT;
    const query = `
      SELECT x.platform, x.seller_ref, x.entity_id, tv.tax_code AS taxpayer_tax_code, x.score, x.band, x.model_version, x.decided_at
      FROM (${base}) AS x
      LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = x.taxpayer_id AND tv.valid_to IS NULL
      ORDER BY x.platform, x.seller_ref`;
    const columns = request.withRegistry ? COLUMNS_REGISTRY : COLUMNS_PUBLIC;
    const params = request.asOf ? [request.platformId, request.asOf] : [request.platformId];
    response.status(200);
    response.setHeader('Content-Type', request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    if (request.format === 'csv') response.setHeader('Content-Disposition', 'attachment; filename="links.csv"');

    await this.sql.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        await client.query(`DECLARE links_export NO SCROLL CURSOR FOR ${query}`, params);
        await write(response, request.format === 'csv' ? `${columns.join(',')}\n` : '[');
        let first = true;
        for (;;) {
          if (response.destroyed) break; // the client went away: stop reading
          const { rows } = await client.query(`FETCH ${FETCH} FROM links_export`);
          if (rows.length === 0) break;
          let chunk = '';
          for (const row of rows) {
            if (request.format === 'csv') chunk += `${columns.map((c) => csvCell(row[c])).join(',')}\n`;
            else {
              chunk += `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(columns.map((c) => [camel(c), jsonValue(row[c])])))}`;
              first = false;
            }
          }
          await write(response, chunk);
        }
        if (request.format === 'json') await write(response, '\n]\n');
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
    response.end();
  }
}

const write = (response: Response, text: string) => writeWithBackpressure(response, text);


function jsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  return value instanceof Date ? value.toISOString() : value;
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { csvCell } from '../common/csv-cell';
import { writeWithBackpressure } from '../common/write-with-backpressure';
import { SqlService } from '../database/sql.service';
import { maskIdentifier } from '../pii/pii-crypto';

export const FLAG_COLUMNS = [
  'signal_id', 'tax_year', 'seller_entity_id', 'taxpayer_tax_code', 'link_band', 'signal', 'platform_revenue', 'declared_revenue',
  'estimated_tax_at_risk', 'rule_version', 'case_id', 'case_status', 'waiting_on', 'raised_at',
] as const;

// Every active signal of a tax year, largest estimate first. The tax code is shown only for a registered link
// (auto/confirmed): a candidate still in review is nobody's code yet.
const FLAGS_SQL = `
SELECT s.id::text AS signal_id, s.tax_year, s.entity_id AS seller_entity_id, tv.tax_code, tv.national_id_masked, e.band AS link_band,
       s.code AS signal, s.platform_revenue::text AS platform_revenue, s.declared_revenue::text AS declared_revenue,
       s.estimated_tax_at_risk::text AS estimated_tax_at_risk, s.rule_version, s.case_id, c.status AS case_status, c.waiting_on,
       to_char(s.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS raised_at
FROM signals s
JOIN seller_entities e ON e.id = s.entity_id
LEFT JOIN cases c ON c.id = s.case_id
LEFT JOIN LATERAL (
  SELECT v.tax_code, v.national_id_masked FROM taxpayer_versions v
  WHERE v.taxpayer_id = e.taxpayer_id AND v.valid_to IS NULL ORDER BY v.version DESC LIMIT 1
) tv ON e.band IN ('auto', 'confirmed')
WHERE s.tax_year = $1 AND s.state = 'active'
ORDER BY s.estimated_tax_at_risk DESC, s.id`;

const FETCH = 1000;

/**
 * Streams the flags of a tax year as CSV or JSON through a server-side cursor: memory stays flat whatever the
 * number of signals, and a client that goes away stops the query.
 */
@Injectable()
export class FlagsExportService {
  constructor(private readonly sql: SqlService) {}

  async stream(taxYear: number, format: 'csv' | 'json', out: Writable): Promise<void> {
    let closed = false;
    out.once('close', () => (closed = true));
    await this.sql.withClient(async (client) => {
      await client.query('BEGIN READ ONLY');
      try {
        await client.query(`DECLARE flags_cursor NO SCROLL CURSOR FOR ${FLAGS_SQL}`, [taxYear]);
        await write(out, format === 'csv' ? FLAG_COLUMNS.join(',') + '\r\n' : '[');
        let first = true;
        while (!closed) {
          const { rows } = await client.query(`FETCH ${FETCH} FROM flags_cursor`);
          if (rows.length === 0) break;
          const text = rows.map((row) => {
            const flag = toFlag(row);
            const line = format === 'csv' ? csvLine(flag) + '\r\n' : (first ? '' : ',') + JSON.stringify(flag);
            first = false;
            return line;
          });
          await write(out, text.join(''));
        }
        if (!closed && format === 'json') await write(out, ']');
      } finally {
        await client.query('COMMIT').catch(() => undefined);
      }
    });
    if (!closed) out.end();
  }
}

export type Flag = Record<(typeof FLAG_COLUMNS)[number], string | number | null>;

function toFlag(row: Record<string, any>): Flag {
  return {
    signal_id: row.signal_id,
    tax_year: row.tax_year,
    seller_entity_id: row.seller_entity_id,
    taxpayer_tax_code: displayTaxCode(row.tax_code, row.national_id_masked),
    link_band: row.link_band,
    signal: row.signal,
    platform_revenue: row.platform_revenue,
    declared_revenue: row.declared_revenue,
    estimated_tax_at_risk: row.estimated_tax_at_risk,
    rule_version: row.rule_version,
    case_id: row.case_id,
    case_status: row.case_status,
    waiting_on: row.waiting_on,
    raised_at: row.raised_at,
  };
}

/**
 * A 10-digit or 13-digit business tax code is public; a 12-digit tax code is a personal ID (Circular 86/2024) and a
 * 9-digit one an old ID card: personal data, shown masked (first three and last two digits).
 */
export function displayTaxCode(taxCode: string | null, nationalIdMasked: string | null): string | null {
  if (taxCode) {
    const digits = taxCode.replace(/[^0-9]/g, '');
    return digits.length === 12 || digits.length === 9 ? maskIdentifier(digits) : taxCode;
  }
  return nationalIdMasked ?? null;
}

function csvLine(flag: Flag): string {
  return FLAG_COLUMNS.map((column) => csvCell(flag[column])).join(',');
}

const write = (out: Writable, chunk: string) => writeWithBackpressure(out, chunk);

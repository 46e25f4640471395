import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { SqlService } from '../database/sql.service';
import { resolveProvince } from '../identifiers/province';
import type { CaseStatus } from '../reconciliation/signal-codes';
import { CaseListFilter, CaseSort, decodeCursor, encodeCursor, listSql } from './case-list.query';
import { CaseFilterQueryDto, CaseListQueryDto } from './cases.dto';
import { CaseErrors } from './cases.errors';
import { PlatformDirectory } from './platform-directory';

export interface QueueRow {
  case_id: string;
  entity_id: string;
  tax_year: number;
  status: CaseStatus;
  estimate: string;
  link_confidence: string | null;
  link_band: string;
  signal_codes: string[];
  waiting_on: string | null;
  assigned_to: string | null;
  taxpayer_id: string | null;
  province_code: string | null;
  platform_ids: string[];
  opened_at: Date;
  updated_at: Date;
  version: number;
  sort_key?: string;
}

export interface CaseSummary {
  id: string;
  entityId: string;
  taxYear: number;
  status: CaseStatus;
  estimatedTaxAtRisk: string;
  linkConfidence: string | null;
  linkBand: string;
  signalCodes: string[];
  waitingOn: string | null;
  assignedTo: string | null;
  taxpayerId: string | null;
  province: string | null;
  platforms: string[];
  openedAt: string;
  updatedAt: string;
  version: number;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** The officers' queue: filters, three sorts, keyset pages over case_queue (no personal data in it). */
@Injectable()
export class CaseListService {
  constructor(
    private readonly sql: SqlService,
    private readonly platforms: PlatformDirectory,
  ) {}

  async list(query: CaseListQueryDto, principal: Principal): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const filter = await this.filterOf(query, principal);
    const sort: CaseSort = query.sort ?? 'estimate';
    const limit = Math.min(Math.max(Number(query.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const cursor = query.cursor ? decodeCursor(sort, filter, query.cursor) : null;
    const { text, params } = listSql(filter, sort, cursor, limit);
    const rows = await this.sql.query<QueueRow>(text, params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(sort, filter, { key: last.sort_key!, id: last.case_id }) : null;
    return { items: await this.summaries(page), nextCursor };
  }

  /** The query's filters in database terms: province names/old codes → 34-list code, platform code → id, `me` → user. */
  async filterOf(query: CaseFilterQueryDto, principal: Principal): Promise<CaseListFilter> {
    const filter: CaseListFilter = {};
    if (query.status) filter.statuses = [...new Set(query.status.split(','))].sort() as CaseStatus[];
    if (query.signal) filter.signals = [...new Set(query.signal.split(','))].sort();
    if (query.province) {
      const resolved = resolveProvince(query.province);
      if (!resolved.ok) throw CaseErrors.provinceUnknown(query.province);
      filter.provinceCode = resolved.value.newCode;
    }
    if (query.platform) {
      const id = await this.platforms.idOf(query.platform);
      if (!id) throw CaseErrors.platformUnknown(query.platform);
      filter.platformId = id;
    }
    if (query.taxYear) filter.taxYear = Number(query.taxYear);
    if (query.assignee === 'none') filter.assignee = { kind: 'none' };
    else if (query.assignee === 'me') filter.assignee = { kind: 'user', userId: principal.userId ?? '00000000-0000-0000-0000-000000000000' };
    else if (query.assignee) filter.assignee = { kind: 'user', userId: query.assignee };
    if (query.minEstimate) filter.minEstimate = BigInt(query.minEstimate).toString();
    return filter;
  }

  async summaries(rows: QueueRow[]): Promise<CaseSummary[]> {
    const allIds = [...new Set(rows.flatMap((r) => r.platform_ids))];
    const codes = new Map(allIds.map((id, i) => [id, i]));
    const resolved = await this.platforms.codes(allIds);
    return rows.map((r) => ({
      id: r.case_id,
      entityId: r.entity_id,
      taxYear: r.tax_year,
      status: r.status,
      estimatedTaxAtRisk: r.estimate,
      linkConfidence: r.link_confidence,
      linkBand: r.link_band,
      signalCodes: r.signal_codes,
      waitingOn: r.waiting_on,
      assignedTo: r.assigned_to,
      taxpayerId: r.taxpayer_id,
      province: r.province_code,
      platforms: r.platform_ids.map((id) => resolved[codes.get(id)!]).sort(),
      openedAt: r.opened_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    }));
  }
}

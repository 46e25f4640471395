import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import type { CaseStatus } from '../reconciliation/signal-codes';
import { CASE_ROW, DECLARATIONS, ENTITY, INVOICES, NOTIFICATION, PERIODS, REVENUE, SHOPS, SIGNALS, TAXPAYER } from './case-evidence.sql';
import { allowedTransitions } from './case-transitions';
import { CaseErrors } from './cases.errors';
import { displayTaxCode } from './letter/case-letter-facts';

type Row = Record<string, any>;

export interface CaseEvidence {
  case: Row;
  entity: Row | null;
  taxpayer: Row | null;
  link: Row | null;
  shops: Row[];
  revenue: Row[];
  periods: Row[];
  declarations: Row[];
  invoices: Row[];
  withholding: Row[];
  signals: Row[];
}

/** Link bands by strength, as identity resolution chooses an entity's link among its shops' links. */
const BAND_RANK: Record<string, number> = { confirmed: 0, auto: 1, review: 2 };

/**
 * Everything behind a case's figures, read in one go: the case, the entity and its shops across platforms with their
 * links and explanations, revenue and withholding per platform and quarter, declarations, invoice aggregates,
 * entity-period figures and the signals with their numbers, source rows and rule version. Masked identifiers only.
 */
@Injectable()
export class CaseEvidenceService {
  constructor(private readonly sql: SqlService) {}

  async exists(caseId: string): Promise<{ taxpayerId: string | null; sellerIds: string[] }> {
    const rows = await this.sql.query<{ taxpayer_id: string | null; seller_ids: string[] | null }>(
      `SELECT c.taxpayer_id::text AS taxpayer_id, (SELECT array_agg(seller_id::text ORDER BY seller_id) FROM seller_entity_members WHERE entity_id = c.entity_id) AS seller_ids
       FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    if (rows.length === 0) throw CaseErrors.notFound(caseId);
    return { taxpayerId: rows[0].taxpayer_id, sellerIds: rows[0].seller_ids ?? [] };
  }

  async evidence(caseId: string): Promise<CaseEvidence> {
    return this.sql.withClient(async (client) => {
      const q = async (text: string, params: unknown[]) => (await client.query(text, params)).rows as Row[];
      const [c] = await q(CASE_ROW, [caseId]);
      if (!c) throw CaseErrors.notFound(caseId);
      const [notification] = await q(NOTIFICATION, [caseId]);
      const [entity] = await q(ENTITY, [c.entityId]);
      const [taxpayer] = c.taxpayerId ? await q(TAXPAYER, [c.taxpayerId]) : [];
      const shops = (await q(SHOPS, [c.entityId])).map(shopView);
      const revenue = await q(REVENUE, [c.entityId, c.taxYear]);
      const periods = await q(PERIODS, [c.entityId, c.taxYear]);
      const year = periods.find((p) => p.kind === 'year');
      const declarations = year?.declarationIds?.length ? await q(DECLARATIONS, [year.declarationIds]) : [];
      const invoices = year?.invoiceKeys?.length ? await q(INVOICES, [year.invoiceKeys]) : [];
      const signals = await q(SIGNALS, [c.entityId, c.taxYear]);
      return {
        case: { ...c, notification: notification ?? null, allowedTransitions: allowedTransitions(c.status as CaseStatus) },
        entity: entity ?? null,
        taxpayer: taxpayer ?? null,
        link: entityLink(entity, shops),
        shops,
        revenue,
        periods,
        declarations,
        invoices,
        withholding: withholdingByPlatform(revenue),
        signals,
      };
    });
  }
}

function shopView(row: Row): Row {
  const { linkBand, linkScore, linkTaxpayerId, linkExplanation, linkModelVersion, linkRuleVersion, linkDecidedBy, linkDecidedAt, ...shop } = row;
  return {
    ...shop,
    taxCode: displayTaxCode(shop.taxCode),
    link: {
      band: linkBand ?? 'none', score: linkScore, taxpayerId: linkTaxpayerId, explanation: linkExplanation ?? null,
      modelVersion: linkModelVersion, ruleVersion: linkRuleVersion, decidedBy: linkDecidedBy, decidedAt: linkDecidedAt,
    },
  };
}

/** The entity's link and the explanation of the shop link it comes from (the strongest, as identity resolution picks). */
function entityLink(entity: Row | undefined, shops: Row[]): Row | null {
  if (!entity) return null;
  const candidates = shops
    .filter((s) => s.link.band in BAND_RANK)
    .sort((a, b) => BAND_RANK[a.link.band] - BAND_RANK[b.link.band] || Number(b.link.score ?? 0) - Number(a.link.score ?? 0));
  const from = candidates.find((s) => s.link.taxpayerId === entity.taxpayerId) ?? candidates[0];
  return { band: entity.band, score: entity.score, taxpayerId: entity.taxpayerId, fromSellerId: from?.sellerId ?? null, explanation: from?.link.explanation ?? null };
}

function withholdingByPlatform(revenue: Row[]): Row[] {
  const byPlatform = new Map<string, { platform: string; vatWithheld: bigint; pitWithheld: bigint; taxWithheld: bigint; withheldRevenue: bigint; net: bigint }>();
  for (const r of revenue) {
    const w = byPlatform.get(r.platform) ?? { platform: r.platform, vatWithheld: 0n, pitWithheld: 0n, taxWithheld: 0n, withheldRevenue: 0n, net: 0n };
    w.vatWithheld += BigInt(r.vatWithheld);
    w.pitWithheld += BigInt(r.pitWithheld);
    w.taxWithheld += BigInt(r.taxWithheld);
    w.withheldRevenue += BigInt(r.withheldRevenue);
    w.net += BigInt(r.net);
    byPlatform.set(r.platform, w);
  }
  return [...byPlatform.values()].map((w) => ({
    platform: w.platform, net: String(w.net), withheldRevenue: String(w.withheldRevenue), vatWithheld: String(w.vatWithheld),
    pitWithheld: String(w.pitWithheld), taxWithheld: String(w.taxWithheld),
  }));
}

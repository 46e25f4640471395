import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { maskIdentifier } from '../../pii/pii-crypto';
import { CaseErrors } from '../cases.errors';

/** What a notification letter states; stored with the notification so a re-printed letter says what was sent. */
export interface LetterFigures {
  caseId: string;
  taxYear: number;
  ruleVersion: number;
  estimatedTaxAtRisk: string;
  addressee: { name: string; taxCode: string | null; address: string | null; registered: boolean; shops: Array<{ platform: string; shopName: string | null }> };
  platformRevenue: string;
  declaredRevenue: string;
  withheldRevenue: string;
  invoicedRevenue: string;
  byPlatform: Array<{ platform: string; revenue: string }>;
  signals: Array<{ code: string; platformRevenue: string; declaredRevenue: string; estimatedTaxAtRisk: string }>;
}

/** Anything that runs a statement: a transaction's client or the pool. */
export type Queryable = Pick<PoolClient, 'query'>;

/** Reads a case's letter figures (whole VND as strings) from reconciliation's tables. */
@Injectable()
export class CaseLetterFacts {
  async figures(db: Queryable, caseId: string): Promise<LetterFigures> {
    const { rows: [c] } = await db.query(
      `SELECT c.id, c.entity_id, c.tax_year, c.rule_version, c.estimated_tax_at_risk::text AS estimate, c.taxpayer_id,
              tv.name AS taxpayer_name, tv.tax_code, tv.national_id_masked, tv.address AS taxpayer_address,
              coalesce(ep.platform_net, 0)::text AS platform_net, coalesce(ep.declared_revenue, 0)::text AS declared,
              coalesce(ep.withheld_revenue, 0)::text AS withheld, coalesce(ep.invoiced_revenue, 0)::text AS invoiced
       FROM cases c
       LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = c.taxpayer_id AND tv.valid_to IS NULL
       LEFT JOIN entity_periods ep ON ep.entity_id = c.entity_id AND ep.period = c.tax_year::text
       WHERE c.id = $1`,
      [caseId],
    );
    if (!c) throw CaseErrors.notFound(caseId);
    const { rows: shops } = await db.query(
      `SELECT p.name AS platform, so.shop_name, so.seller_name, so.tax_code, so.address
       FROM seller_entity_members m JOIN platform_sellers ps ON ps.id = m.seller_id JOIN platforms p ON p.id = ps.platform_id
       LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
       WHERE m.entity_id = $1 ORDER BY p.name, ps.id`,
      [c.entity_id],
    );
    const { rows: byPlatform } = await db.query(
      `SELECT p.name AS platform, sum(q.net)::text AS revenue FROM entity_shop_quarters q JOIN platforms p ON p.id = q.platform_id
       WHERE q.entity_id = $1 AND q.tax_year = $2 GROUP BY p.name ORDER BY p.name`,
      [c.entity_id, c.tax_year],
    );
    const { rows: signals } = await db.query(
      `SELECT code, platform_revenue::text AS platform_revenue, declared_revenue::text AS declared_revenue, estimated_tax_at_risk::text AS estimate
       FROM signals WHERE entity_id = $1 AND tax_year = $2 AND state = 'active' AND code <> 'IDENTITY_QUALITY' ORDER BY estimated_tax_at_risk DESC, code`,
      [c.entity_id, c.tax_year],
    );
    const first = shops[0];
    const registered = c.taxpayer_name != null;
    return {
      caseId: c.id,
      taxYear: c.tax_year,
      ruleVersion: c.rule_version,
      estimatedTaxAtRisk: c.estimate,
      addressee: {
        name: registered ? c.taxpayer_name : first?.seller_name ?? first?.shop_name ?? '',
        taxCode: registered ? c.tax_code ?? c.national_id_masked : displayTaxCode(first?.tax_code ?? null),
        address: registered ? c.taxpayer_address : first?.address ?? null,
        registered,
        shops: shops.map((s) => ({ platform: s.platform, shopName: s.shop_name })),
      },
      platformRevenue: c.platform_net,
      declaredRevenue: c.declared,
      withheldRevenue: c.withheld,
      invoicedRevenue: c.invoiced,
      byPlatform: byPlatform.map((r) => ({ platform: r.platform, revenue: r.revenue })),
      signals: signals.map((s) => ({ code: s.code, platformRevenue: s.platform_revenue, declaredRevenue: s.declared_revenue, estimatedTaxAtRisk: s.estimate })),
    };
  }
}

/** A reported "tax code" that is really a 9/12-digit personal ID is shown masked, like every personal identifier. */
export function displayTaxCode(value: string | null): string | null {
  if (!value) return null;
  const digits = value.replace(/[\s.-]/g, '');
  return /^(\d{9}|\d{12})$/.test(digits) ? maskIdentifier(digits) : value;
}

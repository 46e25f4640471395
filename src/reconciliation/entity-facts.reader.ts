import type { PoolClient } from 'pg';
import { BUSINESS_CATEGORIES, BusinessCategory, parseCategory } from '../identifiers/category';
import { EntityYearFacts, IdentityIssue, LinkBand, QuarterRecord, ShopQuarter, WithholdingRow } from './entity-year-facts';
import { QUARTER_RECORD_ROWS, SHARED_TAXPAYER_ROWS, SHOP_IDENTITY_ROWS, SHOP_QUARTER_ROWS, WITHHOLDING_ROWS } from './sql/facts.sql';
import { ENTITY_LINKS } from './sql/figures.sql';

type Row = Record<string, any>;

/**
 * Reads what a chunk's signals are judged on (after figures.writer built the chunk's temporary tables) and groups
 * it per entity and tax year. Set-based: five statements per chunk whatever its size.
 */
export async function readEntityFacts(client: PoolClient, entityIds: string[]): Promise<EntityYearFacts[]> {
  const q = async (sql: string) => (await client.query(sql, sql.includes('$1') ? [entityIds] : [])).rows as Row[];
  const [links, shops, quarters, withholding, identity, shared] = [
    await q(`SELECT l.*, l.registered_on::text AS registered_on_text FROM (${ENTITY_LINKS}) l`), await q(SHOP_QUARTER_ROWS), await q(QUARTER_RECORD_ROWS),
    await q(WITHHOLDING_ROWS), await q(SHOP_IDENTITY_ROWS), await q(SHARED_TAXPAYER_ROWS),
  ];
  const byYear = new Map<string, EntityYearFacts>();
  const linkOf = new Map(links.map((l) => [l.entity_id as string, l]));
  const slot = (entityId: string, year: number): EntityYearFacts => {
    const key = `${entityId}|${year}`;
    let facts = byYear.get(key);
    if (!facts) {
      facts = emptyFacts(entityId, year, linkOf.get(entityId));
      byYear.set(key, facts);
    }
    return facts;
  };
  for (const row of shops) slot(row.entity_id, row.tax_year).shopQuarters.push(toShopQuarter(row));
  // Declarations, invoices and withholding only matter in years the entity sold on a platform.
  for (const row of quarters) byYear.get(`${row.entity_id}|${row.tax_year}`)?.quarters.push(toQuarterRecord(row));
  for (const row of withholding) byYear.get(`${row.entity_id}|${row.tax_year}`)?.withholdingRows.push(toWithholdingRow(row));
  const issues = identityIssues(identity, shared, linkOf);
  for (const facts of byYear.values()) facts.identityIssues = issues.get(facts.entityId) ?? [];
  return [...byYear.values()];
}

function emptyFacts(entityId: string, taxYear: number, link: Row | undefined): EntityYearFacts {
  const band = (link?.band ?? 'none') as LinkBand;
  const registered = band === 'auto' || band === 'confirmed';
  return {
    entityId,
    taxYear,
    link: { band, taxpayerId: link?.taxpayer_id ?? null, score: link?.score ?? null },
    registration: registered
      ? {
          status: link!.taxpayer_status ?? null,
          registeredOn: link!.registered_on_text ?? null,
          category: categoryOf(link!.business_category),
          taxCode: link!.tax_code ?? null,
        }
      : null,
    shopQuarters: [],
    quarters: [],
    withholdingRows: [],
    identityIssues: [],
  };
}

function toShopQuarter(row: Row): ShopQuarter {
  return {
    sellerId: row.seller_id,
    platformId: row.platform_id,
    quarter: row.period,
    source: row.source,
    gross: BigInt(row.gross),
    refunds: BigInt(row.refunds),
    net: BigInt(row.net),
    vatWithheld: BigInt(row.vat_withheld),
    pitWithheld: BigInt(row.pit_withheld),
    withheldRevenue: BigInt(row.withheld_revenue),
    otherSourceNet: row.other_source_net === null ? null : BigInt(row.other_source_net),
    category: knownCategory(row.category),
    observationIds: row.observation_ids,
  };
}

function toQuarterRecord(row: Row): QuarterRecord {
  return {
    quarter: row.period,
    declaredRevenue: BigInt(row.declared_revenue),
    lumpSumRevenue: BigInt(row.lump_sum_revenue),
    declaredTaxPaid: BigInt(row.declared_tax_paid),
    declarationIds: row.declaration_ids,
    invoicedRevenue: BigInt(row.invoiced_revenue),
    invoiceCount: Number(row.invoice_count),
    invoiceKeys: row.invoice_keys,
  };
}

function toWithholdingRow(row: Row): WithholdingRow {
  return {
    observationId: row.observation_id,
    sellerId: row.seller_id,
    platformId: row.platform_id,
    period: row.period,
    periodStart: row.period_start,
    net: BigInt(row.net),
    vatWithheld: BigInt(row.vat_withheld),
    pitWithheld: BigInt(row.pit_withheld),
    taxWithheld: BigInt(row.tax_withheld),
    split: row.withholding_split !== false,
    // The platform withholds by what it knows: the category it reported, else the activity of the row.
    category: knownCategory(row.category) ?? categoryOf(row.activity),
    resident: row.resident,
  };
}

function identityIssues(identity: Row[], shared: Row[], links: Map<string, Row>): Map<string, IdentityIssue[]> {
  const out = new Map<string, IdentityIssue[]>();
  const add = (entityId: string, issue: IdentityIssue) => out.set(entityId, [...(out.get(entityId) ?? []), issue]);
  for (const [entityId, link] of links) {
    if ((link.band === 'auto' || link.band === 'confirmed') && link.taxpayer_status === 'waiting_id_update') {
      add(entityId, { reason: 'WAITING_ID_UPDATE', detail: { taxpayerId: link.taxpayer_id } });
    }
  }
  for (const row of shared) add(row.entity_id, { reason: 'TAXPAYER_SHARED', detail: { otherEntityId: row.other_entity_id } });
  for (const row of identity) {
    if (row.tax_code_error) add(row.entity_id, { reason: 'TAX_CODE_INVALID', sellerId: row.seller_id, detail: { error: row.tax_code_error } });
    if (row.identifier_missing) add(row.entity_id, { reason: 'IDENTIFIER_MISSING', sellerId: row.seller_id });
    if (row.points_to) add(row.entity_id, { reason: 'IDENTIFIER_POINTS_ELSEWHERE', sellerId: row.seller_id, detail: { registryTaxpayerId: row.points_to } });
  }
  return out;
}

function knownCategory(value: string | null): BusinessCategory | null {
  return value && (BUSINESS_CATEGORIES as readonly string[]).includes(value) ? (value as BusinessCategory) : null;
}

function categoryOf(label: string | null | undefined): BusinessCategory | null {
  if (!label) return null;
  const parsed = parseCategory(label);
  return parsed.ok ? parsed.value : null;
}

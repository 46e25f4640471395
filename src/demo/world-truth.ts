import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPgClient } from '../database/with-pg-client';
import { normalizeNationalId } from '../identifiers/national-id';
import { normalizeTaxCode } from '../identifiers/tax-code';
import { blindIndex } from '../pii/pii-crypto';

/**
 * Scores what the service concluded against a generated world's truth files (src/demo/generator/README.md).
 * Reads the service's own database for the mapping from its rows back to the world's shops — this is an
 * evaluation of a demo database, not a product path.
 */
type Csv = Array<Record<string, string>>;

export function readTruthCsv(worldDir: string, name: string): Csv {
  return parse(readFileSync(join(worldDir, 'truth', name), 'utf8'), { columns: true, skip_empty_lines: true }) as Csv;
}

export interface Rate {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface SignalScore extends Rate {
  signal: string;
}

export interface FlagScore {
  overall: SignalScore;
  bySignal: SignalScore[];
  unmappedEntities: number;
  falsePositives: string[];
  falseNegatives: string[];
}

export interface LinkScore extends Rate {
  sellers: number;
  inReview: number;
  unlinkedRegistered: number;
}

interface ServiceSeller {
  sellerId: string;
  entityId: string | null;
  taxpayerId: string | null;
  band: string | null;
  person?: string;
  shopKey?: string;
}

/** Every platform seller the service knows, with its entity and link, mapped back to the world's shop and person. */
export async function serviceSellers(databaseUrl: string, worldDir: string): Promise<ServiceSeller[]> {
  const shops = new Map(readTruthCsv(worldDir, 'sellers.csv').map((r) => [`${r.platform}|${r.seller_ref}`, r.person_id]));
  return withPgClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`
      SELECT ps.id::text AS seller_id, m.entity_id, l.taxpayer_id::text AS taxpayer_id, l.band, p.code AS platform, ps.seller_ref,
             (SELECT so.doc_ref_id FROM seller_observations so WHERE so.seller_id = ps.id AND so.doc_ref_id IS NOT NULL ORDER BY so.version LIMIT 1) AS doc_ref_id
        FROM platform_sellers ps
        JOIN platforms p ON p.id = ps.platform_id
        LEFT JOIN seller_entity_members m ON m.seller_id = ps.id
        LEFT JOIN seller_links l ON l.seller_id = ps.id
       WHERE ps.is_active`);
    return rows.map((row) => {
      // DPI shops are keyed by TIN/ID/DocRefId; the generator's DocRefId ends with the shop's own reference.
      const fromDoc = /^VN-[a-z0-9]+-[0-9]{4}-(.*?)(?:-C[0-9]+)?$/.exec(row.doc_ref_id ?? '')?.[1];
      const shopKey = shops.has(`${row.platform}|${row.seller_ref}`) ? `${row.platform}|${row.seller_ref}` : fromDoc ? `${row.platform}|${fromDoc}` : undefined;
      return { sellerId: row.seller_id, entityId: row.entity_id, taxpayerId: row.taxpayer_id, band: row.band, shopKey, person: shopKey ? shops.get(shopKey) : undefined };
    });
  });
}

/** entity id → the person behind most of its shops. */
export function entityPersons(sellers: ServiceSeller[]): Map<string, string> {
  const votes = new Map<string, Map<string, number>>();
  for (const seller of sellers) {
    if (!seller.entityId || !seller.person) continue;
    const tally = votes.get(seller.entityId) ?? new Map<string, number>();
    tally.set(seller.person, (tally.get(seller.person) ?? 0) + 1);
    votes.set(seller.entityId, tally);
  }
  const out = new Map<string, string>();
  for (const [entity, tally] of votes) out.set(entity, [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]);
  return out;
}

/**
 * Link accuracy per shop: a link counts when its band is `auto` or `confirmed`. Correct when it points at the
 * taxpayer that holds the shop owner's true tax code; `review` links are counted apart (an officer decides them).
 */
export async function scoreLinks(databaseUrl: string, worldDir: string, sellers: ServiceSeller[], indexKey: Buffer): Promise<LinkScore> {
  const trueCodes = new Map(readTruthCsv(worldDir, 'sellers.csv').map((r) => [`${r.platform}|${r.seller_ref}`, r.true_tax_code]));
  const taxpayerOf = await withPgClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`SELECT encode(bidx, 'hex') AS bidx, taxpayer_id::text AS taxpayer_id FROM taxpayer_identifiers`);
    return new Map(rows.map((r) => [r.bidx as string, r.taxpayer_id as string]));
  });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let inReview = 0;
  let unlinkedRegistered = 0;
  let scored = 0;
  for (const seller of sellers) {
    if (!seller.shopKey) continue;
    scored++;
    const code = trueCodes.get(seller.shopKey) ?? '';
    const canonical = normalizeTaxCode(code) ?? normalizeNationalId(code);
    const truthTaxpayer = canonical ? taxpayerOf.get(blindIndex(canonical, indexKey).toString('hex')) : undefined;
    const linked = seller.band === 'auto' || seller.band === 'confirmed' ? seller.taxpayerId : null;
    if (seller.band === 'review') inReview++;
    if (linked && linked === truthTaxpayer) tp++;
    else if (linked) fp++;
    if (truthTaxpayer && linked !== truthTaxpayer) {
      fn++;
      if (!linked && seller.band !== 'review') unlinkedRegistered++;
    }
  }
  return { sellers: scored, inReview, unlinkedRegistered, ...rate(tp, fp, fn) };
}

/** Precision and recall of (person, tax year, signal); IDENTITY_QUALITY (data repair) is not in the truth. */
export function scoreFlags(flags: Array<Record<string, unknown>>, persons: Map<string, string>, truthFlags: Csv, years: number[]): FlagScore {
  const truth = new Set(truthFlags.filter((r) => years.includes(Number(r.tax_year))).map((r) => `${r.person_id}|${r.tax_year}|${r.signal}`));
  const predicted = new Set<string>();
  let unmapped = 0;
  for (const flag of flags) {
    if (flag.signal === 'IDENTITY_QUALITY') continue;
    const person = persons.get(String(flag.seller_entity_id));
    if (!person) unmapped++;
    predicted.add(`${person ?? `entity:${flag.seller_entity_id}`}|${flag.tax_year}|${flag.signal}`);
  }
  const signalOf = (key: string) => key.slice(key.lastIndexOf('|') + 1);
  const signals = [...new Set([...truth, ...predicted].map(signalOf))].sort();
  const measure = (signal: string, keys: string[], expected: Set<string>): SignalScore => {
    const tp = keys.filter((k) => expected.has(k)).length;
    return { signal, ...rate(tp, keys.length - tp, expected.size - tp) };
  };
  return {
    overall: measure('ALL', [...predicted], truth),
    bySignal: signals.map((s) => measure(s, [...predicted].filter((k) => signalOf(k) === s), new Set([...truth].filter((k) => signalOf(k) === s)))),
    unmappedEntities: unmapped,
    falsePositives: [...predicted].filter((k) => !truth.has(k)).sort(),
    falseNegatives: [...truth].filter((k) => !predicted.has(k)).sort(),
  };
}

function rate(tp: number, fp: number, fn: number): Rate {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}


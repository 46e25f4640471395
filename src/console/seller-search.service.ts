import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { normalizeNationalId } from '../identifiers/national-id';
import { normalizePhone } from '../identifiers/phone';
import { normalizeTaxCode } from '../identifiers/tax-code';
import { displayTaxCode } from '../cases/letter/case-letter-facts';
import { blockingKey } from '../matching/features/feature-keys';
import { nameFeatures } from '../matching/features/name-features';
import { PiiService } from '../pii/pii.service';
import { ConsoleErrors } from './console.errors';
import { BY_IDENTIFIER, BY_NAME, BY_PHONE, BY_REFERENCE, SELLER_ROWS } from './seller-search.sql';

export type SearchKind = 'identifier' | 'phone' | 'reference' | 'name';

export interface SellerSearchResult {
  /** How the query was read; the first kind that found anything. */
  matchedAs: SearchKind | null;
  items: Array<Record<string, unknown>>;
}

/**
 * Finds platform sellers by what an officer has at hand: a tax code or national ID (through the blind index, so
 * the value is never compared in clear), a phone number, a platform's seller reference, or a name (person or
 * shop; accents, case and word order do not matter). Identifiers in the answer stay masked.
 */
@Injectable()
export class SellerSearchService {
  constructor(
    private readonly sql: SqlService,
    private readonly pii: PiiService,
  ) {}

  async search(text: string, platformId: string | null, limit: number): Promise<SellerSearchResult> {
    const query = text.trim();
    if (query.replace(/[^\p{L}\p{N}]/gu, '').length < 2) throw ConsoleErrors.searchTooShort();
    for (const [kind, probe] of this.probes(query)) {
      const ids = (await probe(limit * 4)).map((r) => String(r.seller_id));
      if (ids.length === 0) continue;
      const rows = await this.sql.query<Record<string, any>>(SELLER_ROWS, [ids, platformId]);
      if (rows.length === 0) continue;
      return { matchedAs: kind, items: rows.slice(0, limit).map((r) => ({ ...r, taxCode: displayTaxCode(r.taxCode) })) };
    }
    return { matchedAs: null, items: [] };
  }

  /** The readings of the query worth trying, most specific first. */
  private probes(query: string): Array<[SearchKind, (limit: number) => Promise<Array<{ seller_id: string }>>]> {
    const probes: Array<[SearchKind, (limit: number) => Promise<Array<{ seller_id: string }>>]> = [];
    const identifier = normalizeTaxCode(query) ?? normalizeNationalId(query);
    if (identifier) probes.push(['identifier', (n) => this.sql.query(BY_IDENTIFIER, [this.pii.blindIndex(identifier), n])]);
    const phone = /^[+0-9 ().-]{9,20}$/.test(query) ? normalizePhone(query) : null;
    if (phone) {
      const index = this.pii.blindIndex(phone);
      probes.push(['phone', (n) => this.sql.query(BY_PHONE, [index, n, blockingKey('ph', index.toString('hex'))])]);
    }
    probes.push(['reference', (n) => this.sql.query(BY_REFERENCE, [query, n])]);
    const name = nameFeatures(query);
    const sorted = name?.sorted;
    if (sorted) probes.push(['name', (n) => this.sql.query(BY_NAME, [sorted, n, blockingKey('n', sorted), blockingKey('a', sorted)])]);
    return probes;
  }
}

import { Injectable } from '@nestjs/common';
import { SqlService } from '../../database/sql.service';
import { MatchingErrors } from '../../matching/matching.errors';
import {
  ENTITY_MEMBERS_AS_OF, SELLER, SELLER_ENTITY_AS_OF, SELLER_HISTORY, SELLER_LINK_AS_OF, TAXPAYER_AS_OF, TAXPAYER_HISTORY, TAXPAYER_LINKS_AS_OF,
} from './match-history.sql';

type Row = Record<string, any>;
const BAND_RANK: Record<string, number> = { confirmed: 0, auto: 1, review: 2 };

/**
 * Auditors' reads of identity resolution's append-only history, as of an instant: what the system (or an officer)
 * believed about a platform seller, a taxpayer or a seller entity then, and every belief recorded up to then.
 */
@Injectable()
export class MatchHistoryService {
  constructor(private readonly sql: SqlService) {}

  async seller(sellerId: string, asOf: Date): Promise<Row> {
    const [seller] = await this.sql.query(SELLER, [sellerId]);
    if (!seller) throw MatchingErrors.sellerNotFound(sellerId);
    const [link] = await this.sql.query(SELLER_LINK_AS_OF, [sellerId, asOf]);
    const [entity] = await this.sql.query(SELLER_ENTITY_AS_OF, [sellerId, asOf]);
    const history = await this.sql.query(SELLER_HISTORY, [sellerId, asOf]);
    return { asOf: asOf.toISOString(), ...seller, link: link ?? null, entity: entity ?? null, history };
  }

  async taxpayer(taxpayerId: string, asOf: Date): Promise<Row> {
    const exists = await this.sql.query(`SELECT 1 FROM taxpayers WHERE id = $1`, [taxpayerId]);
    if (exists.length === 0) throw MatchingErrors.taxpayerNotFound(taxpayerId);
    const [version] = await this.sql.query(TAXPAYER_AS_OF, [taxpayerId, asOf]);
    const links = await this.sql.query(TAXPAYER_LINKS_AS_OF, [taxpayerId, asOf]);
    const history = await this.sql.query(TAXPAYER_HISTORY, [taxpayerId, asOf]);
    return { asOf: asOf.toISOString(), taxpayerId, registry: version ?? null, links, history };
  }

  async entity(entityId: string, asOf: Date): Promise<Row> {
    const exists = await this.sql.query(`SELECT 1 FROM seller_entities WHERE id = $1`, [entityId]);
    if (exists.length === 0) throw MatchingErrors.entityNotFound(entityId);
    const members = await this.sql.query(ENTITY_MEMBERS_AS_OF, [entityId, asOf]);
    return { asOf: asOf.toISOString(), entityId, link: strongest(members), members };
  }
}

/** The entity's link then, chosen as identity resolution chooses it: confirmed, then auto, then review; best score. */
function strongest(members: Row[]): Row | null {
  const linked = members.filter((m) => m.band in BAND_RANK);
  linked.sort((a, b) => BAND_RANK[a.band] - BAND_RANK[b.band] || Number(b.score ?? 0) - Number(a.score ?? 0));
  const best = linked[0];
  return best ? { taxpayerId: best.taxpayerId, band: best.band, score: best.score, fromSellerId: best.sellerId } : null;
}

import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal';
import { SqlService } from '../../database/sql.service';
import { LinkDecisionService } from '../../matching/decisions/link-decision.service';
import { appendCaseEvent } from '../case-events';
import { CaseErrors } from '../cases.errors';

export interface LinkReviewItem {
  sellerId: string;
  platform: string;
  sellerRef: string;
  shopName: string | null;
  sellerName: string | null;
  entityId: string | null;
  taxpayerId: string | null;
  taxpayerName: string | null;
  taxpayerTaxCode: string | null;
  score: string | null;
  explanation: unknown;
  modelVersion: string;
  decidedAt: Date;
  waitingCaseEstimate: string | null;
  unsureMarks: number;
}

export interface LinkReviewOutcome {
  sellerId: string;
  taxpayerId: string;
  decision: 'confirm' | 'reject' | 'unsure';
  /** confirm / reject: identity resolution's decision and the match run that applies it (then reconciliation). */
  decisionId?: string;
  runId?: string;
}

const QUEUE = `
  SELECT sl.seller_id::text AS "sellerId", p.code AS platform, ps.seller_ref AS "sellerRef", so.shop_name AS "shopName", so.seller_name AS "sellerName",
         m.entity_id AS "entityId", sl.taxpayer_id::text AS "taxpayerId", tv.name AS "taxpayerName", tv.tax_code AS "taxpayerTaxCode",
         sl.score::text AS score, sl.explanation, sl.model_version AS "modelVersion", sl.decided_at AS "decidedAt",
         (SELECT max(c.estimated_tax_at_risk) FROM cases c WHERE c.entity_id = m.entity_id AND c.waiting_on = 'link_review')::text AS "waitingCaseEstimate",
         (SELECT count(*) FROM link_review_marks r WHERE r.seller_id = sl.seller_id)::int AS "unsureMarks"
  FROM seller_links sl
  JOIN platform_sellers ps ON ps.id = sl.seller_id
  JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  LEFT JOIN seller_entity_members m ON m.seller_id = sl.seller_id
  LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = sl.taxpayer_id AND tv.valid_to IS NULL
  WHERE sl.band = 'review' AND ($1::uuid IS NULL OR ps.platform_id = $1::uuid)
    AND ($2::numeric IS NULL OR (sl.score, sl.seller_id) < ($2::numeric, $3::bigint))
  ORDER BY sl.score DESC, sl.seller_id DESC
  LIMIT $4`;

/**
 * Officers' review of links in the `review` band. Confirm and reject are identity resolution's decisions
 * (LinkDecisionService: logged, put in force, recorded in match_history, then a match run re-groups the entity and
 * hands it to reconciliation); `unsure` leaves the link in review and is kept here (link_review_marks). Every
 * decision is also written into the history of the cases of the seller's entity.
 */
@Injectable()
export class LinkReviewService {
  constructor(
    private readonly sql: SqlService,
    private readonly decisions: LinkDecisionService,
  ) {}

  async queue(platformId: string | null, limit: number, cursor: string | null): Promise<{ items: LinkReviewItem[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.sql.query<LinkReviewItem>(QUEUE, [platformId, after?.score ?? null, after?.sellerId ?? null, limit + 1]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify({ s: last.score, i: last.sellerId })).toString('base64url') : null;
    return { items: page, nextCursor };
  }

  async decide(sellerId: string, input: { decision: 'confirm' | 'reject' | 'unsure'; taxpayerId?: string; reason?: string }, officer: Principal): Promise<LinkReviewOutcome> {
    const [link] = await this.sql.query<{ taxpayer_id: string | null; entity_id: string | null }>(
      `SELECT sl.taxpayer_id::text AS taxpayer_id, m.entity_id FROM seller_links sl LEFT JOIN seller_entity_members m ON m.seller_id = sl.seller_id WHERE sl.seller_id = $1`,
      [sellerId],
    );
    if (!link) throw CaseErrors.linkNotFound(sellerId);
    const taxpayerId = input.taxpayerId ?? link.taxpayer_id;
    if (!taxpayerId) throw CaseErrors.linkNoCandidate(sellerId);
    let outcome: LinkReviewOutcome = { sellerId, taxpayerId, decision: input.decision };
    if (input.decision === 'unsure') {
      await this.sql.execute(
        `INSERT INTO link_review_marks (seller_id, taxpayer_id, decision, officer_user_id, officer_name, reason) VALUES ($1, $2, 'unsure', $3, $4, $5)`,
        [sellerId, taxpayerId, officer.userId ?? null, officer.name, input.reason ?? null],
      );
    } else {
      const decided = await this.decisions.decide(sellerId, { decision: input.decision, taxpayerId, reason: input.reason }, officer);
      outcome = { ...outcome, ...decided };
    }
    if (link.entity_id) await this.recordOnCases(link.entity_id, outcome, input.reason, officer);
    return outcome;
  }

  private async recordOnCases(entityId: string, outcome: LinkReviewOutcome, reason: string | undefined, officer: Principal): Promise<void> {
    await this.sql.withRawTransaction(async (client) => {
      const { rows } = await client.query<{ id: string; status: string }>(`SELECT id, status FROM cases WHERE entity_id = $1 ORDER BY tax_year`, [entityId]);
      for (const c of rows) {
        await appendCaseEvent(client, c.id, officer, 'link_review', { from: c.status, to: c.status, detail: { ...outcome, reason: reason ?? null } });
      }
    });
  }
}

function decodeCursor(text: string): { score: string; sellerId: string } {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof parsed.s === 'string' && /^[0-9.]{1,12}$/.test(parsed.s) && typeof parsed.i === 'string' && /^[0-9]{1,18}$/.test(parsed.i)) {
      return { score: parsed.s, sellerId: parsed.i };
    }
  } catch {
    // fall through
  }
  throw CaseErrors.cursorInvalid();
}

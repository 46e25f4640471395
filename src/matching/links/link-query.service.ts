import { Injectable } from '@nestjs/common';
import { SqlService } from '../../database/sql.service';
import { MatchingErrors } from '../matching.errors';
import { explainFields } from '../model/model-sql';

/** Reads for officers and auditors: one seller's link, entity and belief history; one entity's members. */
@Injectable()
export class LinkQueryService {
  constructor(private readonly sql: SqlService) {}

  async link(sellerId: string): Promise<Record<string, unknown>> {
    const [seller] = await this.sql.query(
      `SELECT ps.id AS "sellerId", p.code AS platform, ps.seller_ref AS "sellerRef", ps.current_version AS "version",
              m.entity_id AS "entityId", sl.taxpayer_id AS "taxpayerId", tv.tax_code AS "taxpayerTaxCode", coalesce(sl.band, 'none') AS band,
              sl.score, sl.match_weight AS "matchWeight", sl.explanation, sl.model_version AS "modelVersion", sl.rule_version AS "ruleVersion",
              sl.input_version AS "inputVersion", sl.decided_by AS "decidedBy", sl.decided_at AS "decidedAt"
       FROM platform_sellers ps JOIN platforms p ON p.id = ps.platform_id
       LEFT JOIN seller_links sl ON sl.seller_id = ps.id
       LEFT JOIN seller_entity_members m ON m.seller_id = ps.id
       LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = sl.taxpayer_id AND tv.valid_to IS NULL
       WHERE ps.id = $1`,
      [sellerId],
    );
    if (!seller) throw MatchingErrors.sellerNotFound(sellerId);
    if (seller.explanation?.fields) seller.explanation = explainFields(seller.explanation);
    const history = await this.sql.query(
      `SELECT id, taxpayer_id AS "taxpayerId", band, score, match_weight AS "matchWeight", model_version AS "modelVersion",
              rule_version AS "ruleVersion", seller_version AS "sellerVersion", taxpayer_version AS "taxpayerVersion",
              decided_by AS "decidedBy", decision_id AS "decisionId", run_id AS "runId", recorded_at AS "recordedAt"
       FROM match_history WHERE seller_id = $1 ORDER BY recorded_at, id`,
      [sellerId],
    );
    return { ...seller, history };
  }

  async entity(entityId: string): Promise<Record<string, unknown>> {
    const [entity] = await this.sql.query(
      `SELECT e.id, e.taxpayer_id AS "taxpayerId", tv.tax_code AS "taxpayerTaxCode", e.band, e.score, e.is_active AS "isActive",
              e.merged_into AS "mergedInto", e.created_at AS "createdAt", e.changed_at AS "changedAt"
       FROM seller_entities e LEFT JOIN taxpayer_versions tv ON tv.taxpayer_id = e.taxpayer_id AND tv.valid_to IS NULL
       WHERE e.id = $1`,
      [entityId],
    );
    if (!entity) throw MatchingErrors.entityNotFound(entityId);
    const members = await this.sql.query(
      `SELECT m.seller_id AS "sellerId", p.code AS platform, ps.seller_ref AS "sellerRef", m.assigned_by AS "assignedBy",
              m.assigned_at AS "assignedAt", coalesce(sl.band, 'none') AS band, sl.taxpayer_id AS "taxpayerId"
       FROM seller_entity_members m JOIN platform_sellers ps ON ps.id = m.seller_id JOIN platforms p ON p.id = ps.platform_id
       LEFT JOIN seller_links sl ON sl.seller_id = m.seller_id
       WHERE m.entity_id = $1 ORDER BY m.seller_id`,
      [entityId],
    );
    return { ...entity, members };
  }
}

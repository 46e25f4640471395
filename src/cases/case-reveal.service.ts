import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { SqlService } from '../database/sql.service';
import { piiSql } from '../pii/pii-crypto';
import { PiiService } from '../pii/pii.service';
import { appendCaseEvent } from './case-events';
import { CaseEvidenceService } from './case-evidence.service';

const FIELDS = ['national_id', 'phone'];

/**
 * The explicit reveal of a case's personal identifiers (national IDs, phones) for an officer. The reading is recorded
 * first, for the case, the taxpayer and every shop (so "who looked at X" finds it whichever X an auditor asks about),
 * and the officer's reason goes into the case history; only then are the values decrypted.
 */
@Injectable()
export class CaseRevealService {
  constructor(
    private readonly sql: SqlService,
    private readonly pii: PiiService,
    private readonly audit: AuditService,
    private readonly evidence: CaseEvidenceService,
  ) {}

  async reveal(caseId: string, reason: string, officer: Principal): Promise<Record<string, unknown>> {
    const { taxpayerId, sellerIds } = await this.evidence.exists(caseId);
    await this.audit.recordPersonalDataAccess(officer, 'case', caseId, FIELDS, 'case_reveal');
    if (taxpayerId) await this.audit.recordPersonalDataAccess(officer, 'taxpayer', taxpayerId, FIELDS, 'case_reveal');
    if (sellerIds.length) await this.audit.recordPersonalDataAccessMany(officer, 'platform_seller', sellerIds, FIELDS, 'case_reveal');
    await this.sql.withRawTransaction((client) => appendCaseEvent(client, caseId, officer, 'identity_revealed', { detail: { reason, fields: FIELDS } }));
    const key = this.pii.encryptionKey;
    const [taxpayer] = taxpayerId
      ? await this.sql.query(
          `SELECT taxpayer_id::text AS id, ${decrypt('national_id_enc')} AS "nationalId", ${decrypt('phone_enc')} AS phone
           FROM taxpayer_versions WHERE taxpayer_id = $1 AND valid_to IS NULL`,
          [taxpayerId, key],
        )
      : [];
    const shops = sellerIds.length
      ? await this.sql.query(
          `SELECT ps.id::text AS "sellerId", so.national_id_kind AS "nationalIdKind", ${decrypt('so.national_id_enc')} AS "nationalId", ${decrypt('so.phone_enc')} AS phone
           FROM platform_sellers ps LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
           WHERE ps.id = ANY ($1::bigint[]) ORDER BY ps.id`,
          [sellerIds, key],
        )
      : [];
    return { caseId, taxpayer: taxpayer ?? null, shops };
  }
}

/** NULL stays NULL; the key is bound as $2, never written into the statement. */
function decrypt(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE ${piiSql.decrypt(column, '$2')} END`;
}

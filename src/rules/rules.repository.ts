import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { SqlService } from '../database/sql.service';
import { RuleBook, RuleValue } from './rule-book';
import { NewRuleValue } from './rule-change';
import { RuleKey, RuleUnit } from './rule-catalog';

export interface RuleVersionRow {
  version: number;
  createdAt: string;
  createdBy: string;
  reason: string;
  basedOn: number | null;
  valueCount: number;
  introducedValueIds: string[];
}

const VALUE_COLUMNS = `v.id::text AS id, v.rule_key, v.category, v.effective_from::text AS effective_from, v.effective_to::text AS effective_to,
  v.value::text AS value, v.unit, v.confidence, v.source, v.introduced_in`;

/** Reads and appends rule versions. Nothing here updates or deletes: the tables refuse it. */
@Injectable()
export class RulesRepository {
  constructor(private readonly sql: SqlService) {}

  async latestVersion(client?: PoolClient): Promise<number> {
    const query = 'SELECT coalesce(max(version), 0) AS version FROM rule_versions';
    const rows = client ? (await client.query(query)).rows : await this.sql.query(query);
    return Number(rows[0].version);
  }

  async book(version: number, client?: PoolClient): Promise<RuleBook | null> {
    const query = `SELECT ${VALUE_COLUMNS} FROM rule_version_values vv JOIN rule_values v ON v.id = vv.value_id WHERE vv.version = $1
                   ORDER BY v.rule_key, v.category, v.effective_from`;
    const rows = client ? (await client.query(query, [version])).rows : await this.sql.query(query, [version]);
    if (rows.length === 0) return null;
    return new RuleBook(version, rows.map(toRuleValue));
  }

  async versions(): Promise<RuleVersionRow[]> {
    const rows = await this.sql.query(`
      SELECT r.version, r.created_at, r.created_by, r.reason, r.based_on,
             (SELECT count(*) FROM rule_version_values vv WHERE vv.version = r.version)::integer AS value_count,
             coalesce((SELECT array_agg(v.id::text ORDER BY v.id) FROM rule_values v WHERE v.introduced_in = r.version), '{}') AS introduced
      FROM rule_versions r ORDER BY r.version DESC`);
    return rows.map((r) => ({
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      reason: r.reason,
      basedOn: r.based_on,
      valueCount: r.value_count,
      introducedValueIds: r.introduced,
    }));
  }

  /** Appends version `version` = kept values of the previous one + new rows, in the caller's transaction. */
  async append(client: PoolClient, version: number, meta: { createdBy: string; reason: string; basedOn: number }, keptIds: string[], added: NewRuleValue[]): Promise<void> {
    await client.query(`INSERT INTO rule_versions (version, created_by, reason, based_on) VALUES ($1, $2, $3, $4)`, [version, meta.createdBy, meta.reason, meta.basedOn]);
    await client.query(
      `INSERT INTO rule_values (rule_key, category, effective_from, effective_to, value, unit, confidence, source, introduced_in)
       SELECT * , $9::integer FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::text[])`,
      [
        added.map((v) => v.key), added.map((v) => v.category), added.map((v) => v.effectiveFrom), added.map((v) => v.effectiveTo),
        added.map((v) => String(v.value)), added.map((v) => v.unit), added.map((v) => v.confidence), added.map((v) => v.source), version,
      ],
    );
    await client.query(
      `INSERT INTO rule_version_values (version, value_id)
       SELECT $1, id FROM rule_values WHERE introduced_in = $1 UNION SELECT $1, unnest($2::bigint[])`,
      [version, keptIds],
    );
  }
}

function toRuleValue(r: Record<string, any>): RuleValue {
  return {
    id: r.id,
    key: r.rule_key as RuleKey,
    category: r.category,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    value: BigInt(r.value),
    unit: r.unit as RuleUnit,
    confidence: r.confidence,
    source: r.source,
    introducedIn: r.introduced_in,
  };
}

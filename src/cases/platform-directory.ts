import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';

/**
 * Platform ids ↔ codes for the queue. Platforms are few and only ever added, so the map is kept in memory and
 * re-read when an unknown id or code turns up (a platform created after the last read).
 */
@Injectable()
export class PlatformDirectory {
  private byId = new Map<string, string>();
  private byCode = new Map<string, string>();

  constructor(private readonly sql: SqlService) {}

  async codes(ids: readonly string[]): Promise<string[]> {
    if (ids.some((id) => !this.byId.has(id))) await this.reload();
    return ids.map((id) => this.byId.get(id) ?? id);
  }

  async idOf(code: string): Promise<string | undefined> {
    if (!this.byCode.has(code)) await this.reload();
    return this.byCode.get(code);
  }

  private async reload(): Promise<void> {
    const rows = await this.sql.query<{ id: string; code: string }>(`SELECT id, code FROM platforms`);
    this.byId = new Map(rows.map((r) => [r.id, r.code]));
    this.byCode = new Map(rows.map((r) => [r.code, r.id]));
  }
}

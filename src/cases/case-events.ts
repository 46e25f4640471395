import type { PoolClient } from 'pg';
import type { Principal } from '../auth/principal';

/** The actor column of an officer's case event: the user id (names can change), the name in the detail. */
export function actorOf(principal: Principal): string {
  return principal.userId ?? principal.credentialId;
}

/** Appends one officer event to the case's append-only history, in the caller's transaction. */
export async function appendCaseEvent(
  client: PoolClient,
  caseId: string,
  principal: Principal,
  event: string,
  change: { from?: string | null; to?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await client.query(
    `INSERT INTO case_events (case_id, actor_kind, actor, event, from_status, to_status, detail) VALUES ($1, 'user', $2, $3, $4, $5, $6)`,
    [caseId, actorOf(principal), event, change.from ?? null, change.to ?? null, JSON.stringify({ actorName: principal.name, actorRole: principal.role, ...change.detail })],
  );
}

import { CASE_STATUSES, CaseStatus } from '../reconciliation/signal-codes';

/**
 * The case lifecycle officers drive (reconciliation only creates `open` cases and reopens closed ones). Nothing adverse
 * happens without an officer: every move below is an officer's request, and the system never takes one by itself.
 *
 *   open ──▶ in_review ──▶ confirmed ──▶ notified ──▶ resolved
 *              │  ▲  │         │  │          │
 *              │  │  └▶ dismissed │          └──▶ escalated ──▶ in_review | dismissed | resolved
 *              │  └────────────┘ (withdraw)
 *              └▶ open (release), escalated
 *
 * `dismissed` and `resolved` are final for officers; new evidence past the reopen margin brings a case back to
 * `open` through reconciliation (src/reconciliation/README.md).
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['in_review'],
  in_review: ['open', 'dismissed', 'confirmed', 'escalated'],
  confirmed: ['in_review', 'notified', 'escalated'],
  notified: ['resolved', 'escalated'],
  escalated: ['in_review', 'dismissed', 'resolved'],
  dismissed: [],
  resolved: [],
};

/** Moves that close, escalate or step back need the officer's reason on record (a dismissal always does). */
const REASON_REQUIRED: ReadonlySet<string> = new Set([
  'in_review>open',
  'in_review>dismissed',
  'in_review>escalated',
  'confirmed>in_review',
  'confirmed>escalated',
  'notified>resolved',
  'notified>escalated',
  'escalated>in_review',
  'escalated>dismissed',
  'escalated>resolved',
]);

/** Moves that act against the taxpayer: only on a settled identity and a non-zero estimate. */
const ADVERSE: ReadonlySet<CaseStatus> = new Set(['confirmed', 'notified']);

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return CASE_TRANSITIONS[from] ?? [];
}

export function isLegalTransition(from: CaseStatus, to: CaseStatus): boolean {
  return allowedTransitions(from).includes(to);
}

export function transitionNeedsReason(from: CaseStatus, to: CaseStatus): boolean {
  return REASON_REQUIRED.has(`${from}>${to}`);
}

export function isAdverse(to: CaseStatus): boolean {
  return ADVERSE.has(to);
}

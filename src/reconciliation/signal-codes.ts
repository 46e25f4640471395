/** The stable signal codes (DOMAIN.md §7). Clients and officers program against these; never rename one. */
export const SIGNAL_CODES = [
  'UNREGISTERED',
  'NOT_FILED',
  'UNDER_DECLARED',
  'INVOICE_GAP',
  'WITHHOLDING_ERROR',
  'SPLIT_ACROSS_PLATFORMS',
  'IDENTITY_QUALITY',
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

/** Signals that estimate tax on the same undeclared revenue: a case takes the largest of them, never their sum. */
export const REVENUE_SIGNALS: readonly SignalCode[] = ['UNREGISTERED', 'NOT_FILED', 'UNDER_DECLARED', 'SPLIT_ACROSS_PLATFORMS', 'INVOICE_GAP'];

/** Reasons inside an IDENTITY_QUALITY signal (data repair, never tax loss). */
export const IDENTITY_REASONS = [
  'LINK_IN_REVIEW',
  'TAX_CODE_INVALID',
  'IDENTIFIER_MISSING',
  'IDENTIFIER_POINTS_ELSEWHERE',
  'WAITING_ID_UPDATE',
  'TAXPAYER_SHARED',
] as const;
export type IdentityReason = (typeof IDENTITY_REASONS)[number];

export const CASE_STATUSES = ['open', 'in_review', 'dismissed', 'confirmed', 'notified', 'resolved', 'escalated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Statuses an officer closed a case with: recomputation does not reopen these unless the estimate rises by the margin. */
export const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['dismissed', 'resolved'];

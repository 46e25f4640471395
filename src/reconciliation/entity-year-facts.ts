import { BusinessCategory } from '../identifiers/category';
import { IdentityReason, SignalCode } from './signal-codes';

/**
 * What the reconciliation knows about one seller entity in one tax year, read set-based from the figures
 * tables (reconciliation-facts.repository.ts) and judged by pure code (signal-evaluator.ts). Money is bigint VND.
 */
export type LinkBand = 'auto' | 'confirmed' | 'review' | 'none';

/** One shop (platform seller) in one quarter, monthly and quarterly reports already combined. */
export interface ShopQuarter {
  sellerId: string;
  platformId: string;
  quarter: string;
  source: 'quarter' | 'months';
  gross: bigint;
  refunds: bigint;
  net: bigint;
  vatWithheld: bigint;
  pitWithheld: bigint;
  /** Net revenue of the rows on which the platform withheld VAT or PIT. */
  withheldRevenue: bigint;
  /** The other report's net for the same shop and quarter, when both a quarterly and monthly reports exist. */
  otherSourceNet: bigint | null;
  /** The category the platform reported for the shop (null: none or not recognised). */
  category: BusinessCategory | null;
  observationIds: string[];
}

/** Declarations and e-invoices of the entity's taxpayer in one quarter (zero when not linked). */
export interface QuarterRecord {
  quarter: string;
  declaredRevenue: bigint;
  /** The part of declaredRevenue that comes from lump-sum (khoán) records. */
  lumpSumRevenue: bigint;
  declaredTaxPaid: bigint;
  declarationIds: string[];
  invoicedRevenue: bigint;
  invoiceCount: number;
  invoiceKeys: string[];
}

/** One reported revenue row on which the platform withheld something. */
export interface WithholdingRow {
  observationId: string;
  sellerId: string;
  platformId: string;
  period: string;
  periodStart: string;
  net: bigint;
  vatWithheld: bigint;
  pitWithheld: bigint;
  /** VAT + PIT withheld; for a row reported without a split (OECD DPI TaxQn) the only figure there is. */
  taxWithheld: bigint;
  split: boolean;
  category: BusinessCategory | null;
  resident: boolean;
}

export interface IdentityIssue {
  reason: IdentityReason;
  sellerId?: string;
  detail?: Record<string, string | number | boolean | null>;
}

export interface EntityYearFacts {
  entityId: string;
  taxYear: number;
  link: { band: LinkBand; taxpayerId: string | null; score: string | null };
  registration: { status: string | null; registeredOn: string | null; category: BusinessCategory | null; taxCode: string | null } | null;
  shopQuarters: ShopQuarter[];
  quarters: QuarterRecord[];
  withholdingRows: WithholdingRow[];
  identityIssues: IdentityIssue[];
}

/** JSON-safe numbers (bigints as strings) and the rows behind a signal. */
export type SignalNumbers = Record<string, unknown>;
export interface SignalSources {
  observationIds?: string[];
  declarationIds?: string[];
  invoiceKeys?: string[];
  sellerIds?: string[];
}

export interface SignalDraft {
  code: SignalCode;
  platformRevenue: bigint;
  declaredRevenue: bigint;
  estimatedTaxAtRisk: bigint;
  numbers: SignalNumbers;
  sources: SignalSources;
  ruleValueIds: string[];
}

export interface EntityYearVerdict {
  entityId: string;
  taxYear: number;
  signals: SignalDraft[];
  /** A case is proposed when any signal other than IDENTITY_QUALITY is raised, or a judgment waits on link review. */
  proposeCase: boolean;
  waitingOn: 'link_review' | null;
  caseEstimate: bigint;
  /** Confidence in the registration status the case relies on (0–1, 6 decimals), see README. */
  linkConfidence: string | null;
  linkBand: LinkBand;
  taxpayerId: string | null;
  reopenMarginBp: bigint;
  ruleVersion: number;
}

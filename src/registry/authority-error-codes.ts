import { IDENTIFIER_ERROR_CODES } from '../identifiers';

/**
 * Stable row-level codes of the authority feeds (taxpayers, declarations, invoices), written to `batch_errors`
 * with the field they concern. Part of the public contract: add codes, never rename. Identifier codes
 * (TAX_CODE_*, NATIONAL_ID_*, PHONE_FORMAT, …) come from src/identifiers and keep their meaning here.
 */
export const AUTHORITY_ERROR_CODES = {
  ...IDENTIFIER_ERROR_CODES,
  VALUE_REQUIRED: 'VALUE_REQUIRED',
  DATE_IN_FUTURE: 'DATE_IN_FUTURE',
  // registry
  IDENTIFIER_MISSING: 'IDENTIFIER_MISSING',
  IDENTIFIER_MISMATCH: 'IDENTIFIER_MISMATCH',
  STATUS_UNKNOWN: 'STATUS_UNKNOWN',
  REGISTRY_IDENTIFIER_REPEATED: 'REGISTRY_IDENTIFIER_REPEATED',
  REGISTRY_TAXPAYER_REPEATED: 'REGISTRY_TAXPAYER_REPEATED',
  REGISTRY_RECORDS_MERGED: 'REGISTRY_RECORDS_MERGED',
  // invoices
  INVOICE_FORM: 'INVOICE_FORM',
  INVOICE_SERIES_FORMAT: 'INVOICE_SERIES_FORMAT',
  INVOICE_SERIES_YEAR: 'INVOICE_SERIES_YEAR',
  INVOICE_NUMBER: 'INVOICE_NUMBER',
  INVOICE_TOTALS_INCONSISTENT: 'INVOICE_TOTALS_INCONSISTENT',
  INVOICE_LINES_INCONSISTENT: 'INVOICE_LINES_INCONSISTENT',
  INVOICE_AUTHORITY_CODE_MISSING: 'INVOICE_AUTHORITY_CODE_MISSING',
  INVOICE_AUTHORITY_CODE_UNEXPECTED: 'INVOICE_AUTHORITY_CODE_UNEXPECTED',
  INVOICE_REFERENCE_FORMAT: 'INVOICE_REFERENCE_FORMAT',
  INVOICE_REFERENCE_SELF: 'INVOICE_REFERENCE_SELF',
  INVOICE_RELATION_UNKNOWN: 'INVOICE_RELATION_UNKNOWN',
  INVOICE_CONFLICT: 'INVOICE_CONFLICT',
  INVOICE_ALREADY_RECORDED: 'INVOICE_ALREADY_RECORDED',
  INVOICE_ALREADY_REPLACED: 'INVOICE_ALREADY_REPLACED',
  INVOICE_TARGET_NOT_FOUND: 'INVOICE_TARGET_NOT_FOUND',
  INVOICE_TARGET_REPLACED: 'INVOICE_TARGET_REPLACED',
} as const;

export type AuthorityErrorCode = (typeof AUTHORITY_ERROR_CODES)[keyof typeof AUTHORITY_ERROR_CODES];

const C = AUTHORITY_ERROR_CODES;

/** What each code tells the sender. Never interpolates a value from the row (it may be a personal ID). */
export const AUTHORITY_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  [C.TAX_CODE_FORMAT]: 'not a tax code: expected 10 digits, 13 (NNNNNNNNNN-NNN) or a 12-digit personal ID',
  [C.TAX_CODE_CHECK_DIGIT]: 'the tax code check digit does not match',
  [C.TAX_CODE_BRANCH_SUFFIX]: 'a 13-digit tax code cannot end in 000',
  [C.NATIONAL_ID_FORMAT]: 'not a personal ID: expected 12 digits (CCCD) or 9 (CMND)',
  [C.NATIONAL_ID_PROVINCE]: 'the personal ID does not start with a known province code',
  [C.NATIONAL_ID_BIRTH_YEAR]: 'the personal ID encodes an impossible birth year',
  [C.PHONE_FORMAT]: 'not a Vietnamese phone number; the value was not stored',
  [C.EMAIL_FORMAT]: 'not an e-mail address; the value was not stored',
  [C.PROVINCE_UNKNOWN]: 'province not recognised in the 63- or 34-province list; kept as reported',
  [C.DATE_FORMAT]: 'not a date: expected YYYY-MM-DD or DD/MM/YYYY',
  [C.DATE_IN_FUTURE]: 'the date is after today (Vietnam time)',
  [C.PERIOD_FORMAT]: 'not a period: expected YYYY-Qn or YYYY-MM',
  [C.PERIOD_IN_FUTURE]: 'the period starts after today',
  [C.AMOUNT_FORMAT]: 'not a whole VND amount: digits only, no separators',
  [C.AMOUNT_FRACTION]: 'VND amounts are whole numbers',
  [C.AMOUNT_NEGATIVE]: 'the amount may not be negative here',
  [C.AMOUNT_OUT_OF_RANGE]: 'the amount is too large',
  [C.CATEGORY_UNKNOWN]: 'business category not recognised; stored as unknown',
  [C.VALUE_REQUIRED]: 'a value is required',
  [C.IDENTIFIER_MISSING]: 'a taxpayer needs a tax code or a personal ID',
  [C.IDENTIFIER_MISMATCH]: 'the 12-digit tax code and the personal ID differ: a personal ID used as tax code must be the same number',
  [C.STATUS_UNKNOWN]: 'status must be one of active, suspended, closed, ceased_not_closed, not_at_address, waiting_id_update',
  [C.REGISTRY_IDENTIFIER_REPEATED]: 'an identifier of this row is also claimed by an earlier row of the batch; the row was not applied',
  [C.REGISTRY_TAXPAYER_REPEATED]: 'an earlier row of the batch already updates the same taxpayer; the row was not applied',
  [C.REGISTRY_RECORDS_MERGED]: 'the identifiers of this row belonged to several taxpayer records; they were merged into one',
  [C.INVOICE_FORM]: 'the invoice form (KHMSHDon) must be a digit from 1 to 6',
  [C.INVOICE_SERIES_FORMAT]: 'the series (KHHDon) must look like C25TAA: C or K, two year digits, a type letter (TDLMNBGH), two capitals',
  [C.INVOICE_SERIES_YEAR]: 'the two year digits of the series differ from the year of issue',
  [C.INVOICE_NUMBER]: 'the invoice number (SHDon) must be a whole number from 1 to 99,999,999',
  [C.INVOICE_TOTALS_INCONSISTENT]: 'total before tax + tax differs from the total payable by more than 1 VND',
  [C.INVOICE_LINES_INCONSISTENT]: 'the invoice lines or rate summaries do not add up to the invoice totals (tolerance 1 VND)',
  [C.INVOICE_AUTHORITY_CODE_MISSING]: 'a series starting with C is a coded invoice and needs the tax authority code (MCCQT)',
  [C.INVOICE_AUTHORITY_CODE_UNEXPECTED]: 'a series starting with K is an uncoded invoice and cannot carry a tax authority code (MCCQT)',
  [C.INVOICE_REFERENCE_FORMAT]: 'replaces must be form/series/number of the related invoice, e.g. 1/C25TAA/123',
  [C.INVOICE_REFERENCE_SELF]: 'an invoice cannot replace or adjust itself',
  [C.INVOICE_RELATION_UNKNOWN]: 'relation must be replaces (TCHDon 1) or adjusts (TCHDon 2)',
  [C.INVOICE_CONFLICT]: 'an invoice with this seller, form, series and number is already recorded with other content; issue a replacing or adjusting invoice instead',
  [C.INVOICE_ALREADY_RECORDED]: 'this invoice was already recorded; nothing changed',
  [C.INVOICE_ALREADY_REPLACED]: 'the invoice this one replaces was already replaced by another invoice',
  [C.INVOICE_TARGET_NOT_FOUND]: 'the invoice this one replaces or adjusts is not recorded yet; it will be linked when it arrives',
  [C.INVOICE_TARGET_REPLACED]: 'the invoice this one adjusts has been replaced; the adjustment no longer counts',
};

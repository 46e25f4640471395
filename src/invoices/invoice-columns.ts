/**
 * Canonical columns of an `invoices` batch (CSV header names, JSON fields, staging columns), in staging order.
 * The first ten are the authority's CSV export; the rest are optional in CSV/JSON and filled by the GDT XML
 * reader:
 * - `relation`: `replaces` (TCHDon 1) or `adjusts` (TCHDon 2); with `replaces` given and no relation,
 *   the invoice replaces;
 * - `authority_code`: the tax authority code MCCQT of a coded (C-series) invoice;
 * - `lines_total_before_tax` / `lines_tax_amount`: the invoice's own item lines (Σ ThTien, discounts
 *   subtracted) and rate summaries (Σ TThue), checked against its totals.
 */
export const INVOICE_COLUMNS = [
  'seller_tax_code', 'form', 'series', 'number', 'issued_on', 'buyer_tax_code', 'total_before_tax', 'tax_amount',
  'total_payable', 'replaces', 'relation', 'authority_code', 'lines_total_before_tax', 'lines_tax_amount',
] as const;

export const INVOICE_REQUIRED_COLUMNS = [
  'seller_tax_code', 'form', 'series', 'number', 'issued_on', 'total_before_tax', 'tax_amount', 'total_payable',
] as const;

export type InvoiceRecord = Record<(typeof INVOICE_COLUMNS)[number], string | null>;

/**
 * The e-invoice rules of Decree 123/2020 and Circular 78/2021 that intake checks (../shared/DOMAIN.md §6), as
 * constants shared by the bulk SQL and its tests.
 */

/** KHHDon: C (coded by the tax authority) or K (uncoded), two year digits, the type letter, two capitals. */
export const INVOICE_SERIES_PATTERN = '^[CK][0-9][0-9][TDLMNBGH][A-Z][A-Z]$';

/** SHDon: 1 to 99,999,999 (at most 8 digits), restarting every year. */
export const INVOICE_MAX_NUMBER = 99_999_999;

/**
 * "Totals consistent within rounding": before tax + tax = payable, and the item lines and rate summaries add
 * up to the totals, each within 1 VND. A foreign-currency invoice's amounts are converted one by one (each
 * within 0.5 VND of exact), so 1 VND is also what conversion can cost; anything more is an error.
 */
export const INVOICE_ROUNDING_TOLERANCE_VND = 1;

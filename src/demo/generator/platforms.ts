/**
 * The invented platforms of the demo world. Names are neutral inventions; any resemblance to a real
 * marketplace is not intended.
 */
import type { Category } from './rules';

export type PlatformFormat = 'csv' | 'json' | 'ndjson' | 'dpi';

export interface PlatformDef {
  code: string;
  name: string;
  /** Payment function (incl. cash on delivery): withholds VAT/PIT from 07/2025 and reports monthly. */
  payment: boolean;
  sellersFormat: PlatformFormat;
  revenueFormat: PlatformFormat;
  refPrefix: string;
  /** Relative share of shops. */
  weight: number;
  /**
   * A withholding bug, for the WITHHOLDING_ERROR signal: which reported category it hits and the
   * category whose rates the platform wrongly applies. Only shops marked `misWithheld` are affected.
   */
  bug?: { hits: Category | ''; applies: Category };
}

export const PLATFORMS: readonly PlatformDef[] = [
  { code: 'chomoi', name: 'Chợ Mới', payment: true, sellersFormat: 'csv', revenueFormat: 'csv', refPrefix: 'CM', weight: 50, bug: { hits: 'services', applies: 'goods' } },
  { code: 'phomua', name: 'Phố Mua', payment: true, sellersFormat: 'json', revenueFormat: 'json', refPrefix: 'PM', weight: 25, bug: { hits: '', applies: 'goods' } },
  { code: 'raovat', name: 'Rao Vặt Nhanh', payment: false, sellersFormat: 'csv', revenueFormat: 'ndjson', refPrefix: 'RV', weight: 15 },
  { code: 'globemart', name: 'GlobeMart Asia', payment: true, sellersFormat: 'dpi', revenueFormat: 'dpi', refPrefix: 'GM', weight: 10 },
];

export const PLATFORM_BY_CODE = new Map(PLATFORMS.map((p) => [p.code, p]));
export const NO_PAYMENT_PLATFORM = PLATFORMS.find((p) => !p.payment)!;
export const DPI_PLATFORM = PLATFORMS.find((p) => p.revenueFormat === 'dpi')!;

export const SELLER_COLUMNS = [
  'seller_ref',
  'shop_name',
  'seller_name',
  'tax_code',
  'national_id',
  'phone',
  'email',
  'address',
  'province',
  'date_of_birth',
  'category',
  'is_resident',
] as const;

export const REVENUE_COLUMNS = ['seller_ref', 'period', 'gross_revenue', 'order_count', 'refunds', 'fees', 'vat_withheld', 'pit_withheld'] as const;

import { IDENTIFIER_ERROR_CODES as E } from './error-codes';
import { Checked, fail, ok } from './result';
import { foldText } from './vietnamese-text';

/**
 * The business-category groups that set revenue-method rates (Circular 40/2021, kept by Law 109/2025)
 * and platform withholding (Decree 117). An empty value means "unknown", which the rules treat at the
 * highest rates; it is not an error. Rates themselves live in the effective-dated rules, not here.
 */
export const BUSINESS_CATEGORIES = [
  'goods',
  'services',
  'production_transport',
  'leasing',
  'digital_content',
  'other',
] as const;
export type BusinessCategory = (typeof BUSINESS_CATEGORIES)[number];

// Folded, spaces and punctuation removed. Vietnamese labels as the forms and circulars word them, the
// DPI (OECD) activity names, and common English.
const LABELS: Readonly<Record<BusinessCategory, readonly string[]>> = {
  goods: [
    'phân phối, cung cấp hàng hóa', 'phân phối cung cấp hàng hoá', 'cung cấp hàng hóa', 'phân phối hàng hóa',
    'hàng hóa', 'bán hàng', 'bán hàng hóa', 'thương mại', 'sale of goods', 'saleofgoods', 'goods', 'trade',
  ],
  services: [
    'dịch vụ', 'cung cấp dịch vụ', 'dịch vụ, xây dựng không bao thầu nguyên vật liệu',
    'xây dựng không bao thầu nguyên vật liệu', 'services', 'service', 'personal services', 'personalservices',
  ],
  production_transport: [
    'sản xuất, vận tải, dịch vụ có gắn với hàng hóa, xây dựng có bao thầu nguyên vật liệu',
    'sản xuất, vận tải, dịch vụ có gắn với hàng hóa', 'sản xuất', 'vận tải', 'sản xuất vận tải',
    'dịch vụ có gắn với hàng hóa', 'xây dựng có bao thầu nguyên vật liệu', 'production', 'transport',
    'transportation', 'production transport', 'manufacturing',
  ],
  leasing: [
    'cho thuê tài sản', 'cho thuê', 'thuê tài sản', 'leasing', 'lease', 'rental', 'asset leasing',
    'immovable property', 'immovableproperty', 'transportation rental', 'transportationrental',
  ],
  digital_content: [
    'nội dung số', 'nội dung thông tin số', 'cung cấp sản phẩm và dịch vụ nội dung thông tin số',
    'digital content', 'digitalcontent',
  ],
  other: ['khác', 'hoạt động kinh doanh khác', 'kinh doanh khác', 'other', 'others'],
};

function labelKey(text: string): string {
  return foldText(text).replace(/[^a-z0-9]+/g, '');
}

const BY_KEY = new Map<string, BusinessCategory>();
for (const category of BUSINESS_CATEGORIES) {
  BY_KEY.set(labelKey(category), category);
  for (const label of LABELS[category]) {
    const key = labelKey(label);
    if ((BY_KEY.get(key) ?? category) !== category) throw new Error(`category label "${label}" is ambiguous`);
    BY_KEY.set(key, category);
  }
}

/** Tolerant of case, accents, spacing and punctuation; null value = unknown (empty input). */
export function parseCategory(input: string): Checked<BusinessCategory | null, typeof E.CATEGORY_UNKNOWN> {
  const key = labelKey(input);
  if (key === '') return ok(null);
  const category = BY_KEY.get(key);
  return category ? ok(category) : fail(E.CATEGORY_UNKNOWN);
}

import { foldText } from './vietnamese-text';

/**
 * Common Vietnamese family names (họ), as facts: roughly the census order (Nguyễn ≈ 31 %, Trần ≈ 11 %,
 * Lê ≈ 9 %, Phạm ≈ 6 %, Hoàng/Huỳnh ≈ 5 %, Vũ/Võ ≈ 5 %, …). `weight` is a coarse plausibility used to
 * decide name order, not a frequency: 3 = very common and rarely a given name; 2 = common; 1 = also a
 * frequent given name (Mai, Hà, Lâm, …), so it alone should not decide that a name is family-first.
 */
const FAMILY_NAMES: ReadonlyArray<readonly [string, 1 | 2 | 3]> = [
  ['Nguyễn', 3], ['Trần', 3], ['Lê', 3], ['Phạm', 3], ['Hoàng', 3], ['Huỳnh', 3], ['Vũ', 3], ['Võ', 3],
  ['Phan', 3], ['Trương', 3], ['Bùi', 3], ['Đặng', 3], ['Đỗ', 3], ['Ngô', 3], ['Hồ', 3], ['Dương', 2],
  ['Lý', 3], ['Đào', 2], ['Đoàn', 3], ['Đinh', 3], ['Trịnh', 3], ['Lương', 2], ['Vương', 2], ['Phùng', 3],
  ['Tạ', 3], ['Tô', 2], ['Cao', 2], ['Lưu', 3], ['Quách', 3], ['Thái', 2], ['Chu', 2], ['Kiều', 2],
  ['Triệu', 3], ['Hứa', 3], ['Mạc', 3], ['Lục', 3], ['Tăng', 2], ['Từ', 2], ['Doãn', 3], ['Đàm', 3],
  ['Nghiêm', 3], ['Khúc', 3], ['Thân', 2], ['Tôn', 2], ['Âu', 2], ['Lâm', 1], ['Mai', 1],
  ['Hà', 1], ['Châu', 1], ['Giang', 1], ['Kim', 1], ['La', 2], ['Lã', 3], ['Lữ', 3], ['Ông', 2],
  ['Quan', 1], ['Tiêu', 2], ['Diệp', 2], ['Hầu', 3], ['Khổng', 3], ['Khương', 2], ['Mẫn', 2], ['Ninh', 1],
  ['Phí', 3], ['Thạch', 2], ['Trang', 1], ['Ung', 3], ['Viên', 2], ['Yên', 1], ['Giáp', 2], ['Cù', 3],
];

/** Regional spellings of one family name (north ↔ south): treat them as the same when matching. */
const REGIONAL_EQUIVALENTS: Readonly<Record<string, string>> = { huynh: 'hoang', vo: 'vu' };

const WEIGHT_BY_FOLDED = new Map<string, number>();
for (const [name, weight] of FAMILY_NAMES) {
  const folded = foldText(name);
  // Folding merges a few spellings (Lã/La, Hồ/Hổ): keep the strongest claim.
  WEIGHT_BY_FOLDED.set(folded, Math.max(weight, WEIGHT_BY_FOLDED.get(folded) ?? 0));
}

/** 0 when not a known family name; otherwise 1–3 (see above). Accent- and case-insensitive. */
export function familyNameWeight(name: string): number {
  return WEIGHT_BY_FOLDED.get(foldText(name)) ?? 0;
}

/** Folded family name with Huỳnh → Hoàng and Võ → Vũ, so regional spellings compare equal. */
export function familyNameKey(name: string): string {
  const folded = foldText(name);
  return REGIONAL_EQUIVALENTS[folded] ?? folded;
}

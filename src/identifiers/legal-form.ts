/**
 * Company legal forms in Vietnamese names ("Công ty TNHH MTV …", "CTCP …", "DNTN …", "Hộ kinh doanh …")
 * and English ones ("… Co., Ltd", "… JSC"). Recognised on folded words, so "Cong ty Co phan" and
 * "Công ty Cổ phần" are the same; the form goes into its own field and out of the name, because
 * registries and platforms disagree on whether (and how) to write it.
 */
export type LegalForm =
  | 'tnhh_mtv' //      single-member limited liability company
  | 'tnhh' //          limited liability company (two or more members, or unspecified)
  | 'co_phan' //       joint-stock company
  | 'hop_danh' //      partnership
  | 'cong_ty' //       "company" with no type given
  | 'dntn' //          private enterprise
  | 'ho_kinh_doanh'; // household business

type Pattern = readonly string[];

function seq(text: string): Pattern {
  return text.split(' ');
}

function startsWith(words: readonly string[], at: number, pattern: Pattern): boolean {
  return pattern.every((p, i) => words[at + i] === p);
}

function firstMatch(words: readonly string[], at: number, patterns: readonly Pattern[]): number {
  for (const p of patterns) if (startsWith(words, at, p)) return p.length;
  return 0;
}

const BRANCH = [seq('chi nhanh'), seq('cn')];
const COMPANY = [seq('cong ty'), seq('cty'), seq('congty')];
const TNHH = [seq('tnhh'), seq('trach nhiem huu han')];
const SINGLE_MEMBER = [seq('mtv'), seq('1tv'), seq('mot thanh vien'), seq('1 thanh vien')];
const MULTI_MEMBER = [seq('hai thanh vien tro len'), seq('2 thanh vien tro len'), seq('2tv')];
// Run-together abbreviations seen in platform data.
const FUSED: ReadonlyArray<readonly [string, LegalForm]> = [
  ['ctcp', 'co_phan'], ['ctycp', 'co_phan'], ['ctytnhh', 'tnhh'], ['cttnhh', 'tnhh'], ['tnhhmtv', 'tnhh_mtv'],
];
const NON_COMPANY: ReadonlyArray<readonly [Pattern, LegalForm]> = [
  [seq('doanh nghiep tu nhan'), 'dntn'], [seq('dntn'), 'dntn'],
  [seq('ho kinh doanh ca the'), 'ho_kinh_doanh'], [seq('ho kinh doanh'), 'ho_kinh_doanh'],
  [seq('ho kd'), 'ho_kinh_doanh'], [seq('hkd'), 'ho_kinh_doanh'],
];
// Longest first: "company limited" must win over "company".
const ENGLISH_SUFFIX: ReadonlyArray<readonly [Pattern, LegalForm]> = [
  [seq('one member limited liability company'), 'tnhh_mtv'], [seq('one member company limited'), 'tnhh_mtv'],
  [seq('one member co ltd'), 'tnhh_mtv'], [seq('limited liability company'), 'tnhh'],
  [seq('joint stock company'), 'co_phan'], [seq('company limited'), 'tnhh'], [seq('co ltd'), 'tnhh'],
  [seq('co limited'), 'tnhh'], [seq('limited'), 'tnhh'], [seq('ltd'), 'tnhh'], [seq('llc'), 'tnhh'],
  [seq('jsc'), 'co_phan'], [seq('jsco'), 'co_phan'], [seq('corporation'), 'cong_ty'], [seq('corp'), 'cong_ty'],
  [seq('company'), 'cong_ty'],
];

export interface LegalFormMatch {
  form: LegalForm;
  branch: boolean;
  /** Words consumed at the start and at the end of the folded word list. */
  prefixLength: number;
  suffixLength: number;
}

function matchPrefix(words: readonly string[]): { form: LegalForm; branch: boolean; length: number } | null {
  let i = firstMatch(words, 0, BRANCH);
  const branch = i > 0;
  for (const [fused, form] of FUSED) if (words[i] === fused) return { form, branch, length: i + 1 };
  for (const [pattern, form] of NON_COMPANY) if (startsWith(words, i, pattern)) return { form, branch, length: i + pattern.length };

  const company = firstMatch(words, i, COMPANY);
  i += company;
  const tnhh = firstMatch(words, i, TNHH);
  if (tnhh > 0) {
    i += tnhh;
    const single = firstMatch(words, i, SINGLE_MEMBER);
    if (single > 0) return { form: 'tnhh_mtv', branch, length: i + single };
    return { form: 'tnhh', branch, length: i + firstMatch(words, i, MULTI_MEMBER) };
  }
  // "CP"/"cổ phần"/"hợp danh" only count after "công ty": "CP Foods" is a name.
  if (company === 0) return null;
  const coPhan = firstMatch(words, i, [seq('co phan'), seq('cp')]);
  if (coPhan > 0) return { form: 'co_phan', branch, length: i + coPhan };
  if (startsWith(words, i, seq('hop danh'))) return { form: 'hop_danh', branch, length: i + 2 };
  return { form: 'cong_ty', branch, length: i };
}

function matchSuffix(words: readonly string[]): { form: LegalForm; length: number } | null {
  for (const [pattern, form] of ENGLISH_SUFFIX) {
    const at = words.length - pattern.length;
    // Keep at least one word of name before the suffix ("Limited" alone is not a company).
    if (at >= 1 && startsWith(words, at, pattern)) return { form, length: pattern.length };
  }
  return null;
}

/**
 * The legal form at the start (Vietnamese style) and/or the end (English style) of folded words. The
 * prefix decides the form when both are present ("Công ty TNHH ABC Co., Ltd"). At least one word of
 * name must remain.
 */
export function matchLegalForm(foldedWords: readonly string[]): LegalFormMatch | null {
  const found = matchPrefix(foldedWords);
  const prefix = found && found.length < foldedWords.length ? found : null;
  const suffix = matchSuffix(foldedWords.slice(prefix?.length ?? 0));
  if (!prefix && !suffix) return null;
  return {
    form: (prefix ?? suffix)!.form,
    branch: prefix?.branch ?? false,
    prefixLength: prefix?.length ?? 0,
    suffixLength: suffix?.length ?? 0,
  };
}

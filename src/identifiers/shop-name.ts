import { Word } from './vietnamese-text';

/**
 * Words that dress up a shop name on a platform without being part of it: "Shop Mẹ Bắp - Hàng Nhật
 * Chính Hãng", "Mẹ Bắp Official Store", "Tiệm Bánh Mẹ Bắp since 2019". Stripping them leaves the part
 * a seller also uses elsewhere ("Mẹ Bắp"), which is what matching compares. All phrases are folded.
 */
const LEADING = [
  'official store', 'flagship store', 'cua hang', 'nha thuoc', 'quay thuoc', 'kho si', 'chuyen si le',
  'chuyen si', 'si le', 'hang xin', 'tap hoa', 'sieu thi', 'dai ly', 'shop', 'shops', 'store', 'official',
  'mall', 'tiem', 'quay', 'kho', 'xuong', 'boutique',
]
  .map((p) => p.split(' '))
  .sort((a, b) => b.length - a.length);

const ORIGINS = [
  'nhat ban', 'han quoc', 'thai lan', 'trung quoc', 'chau au', 'quang chau', 'noi dia', 'nhap khau', 'xach tay',
  'viet nam', 'nhat', 'han', 'my', 'uc', 'thai', 'trung', 'phap', 'duc', 'au', 'ngoai', 'vnxk', 'viet',
];

const TRAILING = [
  'official store', 'flagship store', 'tiktok shop', 'chinh hang', 'hang xin', 'gia re', 'gia si',
  'chuyen si le', 'chuyen si', 'si le', 'xach tay', 'nhap khau', 'noi dia', 'viet nam',
  ...ORIGINS.map((o) => `hang ${o}`),
  'shop', 'shops', 'store', 'official', 'officialstore', 'offical', 'mall', 'flagship', 'vn', 'vietnam',
  'shopee', 'lazada', 'tiki', 'sendo', 'tiktok', 'auth', 'authentic', 'freeship', 'sale',
]
  .map((p) => p.split(' '))
  .sort((a, b) => b.length - a.length);

// "since 2019", "est 2015", "từ 2010", "từ năm 2010".
const SINCE = new Set(['since', 'est', 'tu']);
const YEAR = /^(19|20)[0-9]{2}$/;
const MIDDLE_BREAK = new Set(['shop', 'store']);

// Folding merges "hàng" (goods) with "Hằng" (a given name): "hàng Nhật" is a tagline, "Thu Hằng Anh"
// is not. Phrases that start with "hàng" therefore need it written "hàng" or "hang".
const GOODS = 'hàng';

function hasAt(words: readonly Word[], at: number, phrase: readonly string[]): boolean {
  if (at < 0 || !phrase.every((p, i) => words[at + i]?.folded === p)) return false;
  if (phrase[0] !== 'hang') return true;
  const written = words[at].text.toLowerCase();
  return written === GOODS || written === 'hang';
}

function folded(words: readonly Word[]): string {
  return words.map((w) => w.folded).join(' ');
}

export interface StrippedShopWords {
  /** Indexes [start, end) of the words that remain; start === end when only markers were found. */
  start: number;
  end: number;
  markers: string[];
}

/** Finds the name inside folded words by peeling marker phrases off both ends (repeatedly). */
export function stripShopMarkers(words: readonly Word[]): StrippedShopWords {
  let start = 0;
  let end = words.length;
  const markers: string[] = [];
  for (let changed = true; changed && start < end; ) {
    changed = false;
    const lead = LEADING.find((p) => p.length <= end - start && hasAt(words, start, p));
    if (lead) {
      markers.push(lead.join(' '));
      start += lead.length;
      changed = true;
      continue;
    }
    if (end - start >= 2 && YEAR.test(words[end - 1].folded)) {
      const f = (i: number) => words[i]?.folded ?? '';
      const sinceAt = f(end - 2) === 'nam' && SINCE.has(f(end - 3)) ? end - 3 : SINCE.has(f(end - 2)) ? end - 2 : -1;
      if (sinceAt >= start) {
        markers.push(folded(words.slice(sinceAt, end)));
        end = sinceAt;
        changed = true;
        continue;
      }
    }
    const trail = TRAILING.find((p) => p.length <= end - start && hasAt(words, end - p.length, p));
    if (trail) {
      markers.push(trail.join(' '));
      end -= trail.length;
      changed = true;
    }
  }
  // "Mẹ Bắp Shop Mỹ Phẩm Hàn": what follows a shop word inside the name is a tagline.
  const cut = words.slice(start + 1, end).findIndex((w) => MIDDLE_BREAK.has(w.folded));
  if (cut >= 0) {
    markers.push(folded(words.slice(start + 1 + cut, end)));
    end = start + 1 + cut;
  }
  return { start, end, markers };
}

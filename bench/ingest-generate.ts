/**
 * The sellers CSV of `npm run bench:ingest`: realistic field mix (valid and invalid tax codes, CCCD and CMND
 * numbers, phones in several spellings, old and new province names, Vietnamese names), deterministic, written
 * as a stream so a 1 GB file costs no memory. Cached per size in bench/out.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { computeTaxCodeCheckDigit } from '../src/identifiers/tax-code';

const HEADER = 'seller_ref,shop_name,seller_name,tax_code,national_id,phone,email,address,province,date_of_birth,category,is_resident\n';
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Đức', 'Thu', 'Quang', 'Hoài'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Trang', 'Tú', 'Vy', 'Yến'];
const PROVINCES = ['Hà Nội', 'TP. Hồ Chí Minh', 'Đà Nẵng', 'Hải Phòng', 'Cần Thơ', 'Bình Dương', 'Đồng Nai', 'Khánh Hòa', 'Thừa Thiên Huế', 'Nghệ An', 'Quảng Ninh', 'Bắc Ninh', 'Lâm Đồng', 'An Giang'];
const CCCD_PROVINCES = ['001', '079', '048', '031', '092', '074', '075', '056', '046', '040', '022', '027', '068', '089'];
const CATEGORIES = ['goods', 'goods', 'goods', 'services', 'production_transport', 'leasing', 'digital_content', 'other', ''];
const STREETS = ['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ'];

/** xorshift32: fast, deterministic, good enough for test data. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function row(i: number, rnd: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`;
  let tax = '';
  const t = rnd();
  if (t < 0.55) {
    for (;;) {
      const prefix = `0${digits(8)}`;
      const check = computeTaxCodeCheckDigit(prefix);
      if (check !== null) {
        tax = `${prefix}${check}${t < 0.05 ? '-888' : ''}`;
        break;
      }
    }
  } else if (t < 0.58) tax = `0${digits(9)}`; // mostly a bad check digit
  const year = 1960 + Math.floor(rnd() * 45);
  const id = rnd() < 0.5 ? `${pick(CCCD_PROVINCES)}${year >= 2000 ? 2 : 0}${String(year % 100).padStart(2, '0')}${digits(6)}` : rnd() < 0.3 ? digits(9) : '';
  const phone = rnd() < 0.8 ? (rnd() < 0.5 ? `09${digits(8)}` : `+84 9${digits(2)} ${digits(3)} ${digits(3)}`) : '';
  const email = rnd() < 0.5 ? `user${i}@example.vn` : '';
  const dob = rnd() < 0.6 ? `${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}/${year}` : '';
  const address = `"${1 + Math.floor(rnd() * 300)} ${pick(STREETS)}, ${pick(PROVINCES)}"`;
  return `SB${String(i).padStart(9, '0')},Shop ${name.split(' ')[2]} ${i % 997},${name},${tax},${id},${phone},${email},${address},${pick(PROVINCES)},${dob},${pick(CATEGORIES)},${rnd() < 0.97 ? 'true' : 'false'}\n`;
}

/** Writes (or reuses) a file of `rows` rows, or of at least `bytes` bytes when given. */
export async function sellersCsv(dir: string, rows: number, bytes?: number): Promise<{ file: string; rows: number }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, bytes ? `sellers-${bytes}b.csv` : `sellers-${rows}.csv`);
  const countFile = `${file}.rows`;
  if (existsSync(file) && existsSync(countFile)) return { file, rows: Number(readFileSync(countFile, 'utf8')) };
  const out = createWriteStream(`${file}.part`, { highWaterMark: 1 << 20 });
  const rnd = prng(20260701);
  let written = HEADER.length;
  let n = 0;
  out.write(HEADER);
  let chunk = '';
  while (bytes ? written < bytes : n < rows) {
    const line = row(++n, rnd);
    chunk += line;
    written += Buffer.byteLength(line);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(`${file}.part`, file);
  writeFileSync(countFile, String(n));
  return { file, rows: n };
}

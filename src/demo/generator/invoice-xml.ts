/**
 * E-invoices as GDT XML (Decision 1450 layout, simplified): HDon → DLHDon {TTChung, NDHDon}, MCCQT for
 * invoices coded by the tax authority (series starting with C), DSCKS left as an empty signature block.
 */
import vocabulary from '../data/vocabulary.json';
import { isoDate } from './calendar';
import { Invoice, invoiceKey } from './invoices';
import { Rng } from './prng';
import { Category } from './rules';
import { vndInWords } from './vn-words';

export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface Party {
  name: string;
  taxCode: string;
  address: string;
}

const HEX = '0123456789ABCDEF';

/** 34-character code the tax authority gives a coded invoice. */
export function authorityCode(rng: Rng): string {
  let s = '00';
  for (let i = 0; i < 32; i++) s += HEX[rng.int(0, 15)];
  return s;
}

type ItemTemplate = [name: string, unit: string, lowPrice: number, highPrice: number];
const ITEMS = vocabulary.items as unknown as Record<string, ItemTemplate[]>;

interface Line {
  name: string;
  unit: string;
  quantity: number;
  price: number;
  amount: number;
}

/** Line items that add up exactly to the invoice's total before tax. */
function lines(before: number, category: Category, rng: Rng): Line[] {
  const pool = ITEMS[category] ?? ITEMS.goods;
  const out: Line[] = [];
  let left = before;
  const n = rng.int(1, 3);
  for (let i = 0; i < n - 1; i++) {
    const [name, unit, lo, hi] = rng.pick(pool);
    const price = Math.round(rng.range(lo, hi) / 1000) * 1000;
    const quantity = rng.int(1, 3);
    if (price * quantity >= left * 0.6) break;
    out.push({ name, unit, quantity, price, amount: price * quantity });
    left -= price * quantity;
  }
  const [name, unit] = rng.pick(pool);
  out.push({ name: out.length ? `${name} (lô hàng)` : name, unit: out.length ? 'Lô' : unit, quantity: 1, price: left, amount: left });
  return out;
}

/** Indents a block of lines by `depth` levels of two spaces. */
function indent(lines: string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((l) => pad + l);
}

function element(tag: string, value: string | number): string {
  return `<${tag}>${typeof value === 'number' ? value : xmlText(value)}</${tag}>`;
}

function generalInfo(inv: Invoice): string[] {
  const out = [
    '<TTChung>',
    '  <PBan>2.1.0</PBan>',
    `  ${element('THDon', inv.form === 1 ? 'Hóa đơn giá trị gia tăng' : 'Hóa đơn bán hàng')}`,
    `  ${element('KHMSHDon', inv.form)}`,
    `  ${element('KHHDon', inv.series)}`,
    `  ${element('SHDon', inv.number)}`,
    `  ${element('NLap', isoDate(inv.issuedDay))}`,
    '  <DVTTe>VND</DVTTe>',
    '  <TGia>1</TGia>',
    '  <HTTToan>TM/CK</HTTToan>',
  ];
  const o = inv.replaces;
  if (o) {
    out.push(
      '  <TTHDLQuan>',
      '    <TCHDon>1</TCHDon>',
      `    ${element('KHMSHDCLQuan', o.form)}`,
      `    ${element('KHHDCLQuan', o.series)}`,
      `    ${element('SHDCLQuan', o.number)}`,
      `    ${element('NLHDCLQuan', isoDate(o.issuedDay))}`,
      '  </TTHDLQuan>',
    );
  }
  out.push('</TTChung>');
  return out;
}

function parties(inv: Invoice, seller: Party, buyer: Party | null): string[] {
  const out = ['<NBan>', `  ${element('Ten', seller.name)}`, `  ${element('MST', inv.sellerCode)}`, `  ${element('DChi', seller.address)}`, '</NBan>'];
  out.push('<NMua>', `  ${element('Ten', buyer?.name ?? 'Khách lẻ không lấy hóa đơn')}`);
  if (buyer?.taxCode) out.push(`  ${element('MST', buyer.taxCode)}`);
  if (buyer?.address) out.push(`  ${element('DChi', buyer.address)}`);
  out.push('</NMua>');
  return out;
}

function itemList(items: Line[], rate: string): string[] {
  const out = ['<DSHHDVu>'];
  items.forEach((l, k) => {
    out.push('  <HHDVu>', '    <TChat>1</TChat>', `    ${element('STT', k + 1)}`, `    ${element('THHDVu', l.name)}`, `    ${element('DVTinh', l.unit)}`);
    out.push(`    ${element('SLuong', l.quantity)}`, `    ${element('DGia', l.price)}`, `    ${element('ThTien', l.amount)}`);
    if (rate) out.push(`    ${element('TSuat', rate)}`);
    out.push('  </HHDVu>');
  });
  out.push('</DSHHDVu>');
  return out;
}

function totals(inv: Invoice, rate: string): string[] {
  const out = ['<TToan>'];
  if (rate) {
    out.push('  <THTTLTSuat>', '    <LTSuat>', `      ${element('TSuat', rate)}`, `      ${element('ThTien', inv.before)}`);
    out.push(`      ${element('TThue', inv.tax)}`, '    </LTSuat>', '  </THTTLTSuat>');
  }
  out.push(`  ${element('TgTCThue', inv.before)}`, `  ${element('TgTThue', inv.tax)}`, `  ${element('TgTTTBSo', inv.payable)}`);
  out.push(`  ${element('TgTTTBChu', vndInWords(inv.payable))}`, '</TToan>');
  return out;
}

/** One invoice as an HDon element, indented by `depth` levels. */
export function hdonXml(inv: Invoice, seller: Party, buyer: Party | null, category: Category, rng: Rng, depth = 0): string {
  const rate = inv.form === 1 ? `${inv.vatRate}%` : '';
  const content = [...parties(inv, seller, buyer), ...itemList(lines(inv.before, category, rng), rate), ...totals(inv, rate)];
  const out = [
    '<HDon>',
    `  <DLHDon Id="HD-${xmlText(inv.sellerCode)}-${inv.series}-${inv.number}">`,
    ...indent(generalInfo(inv), 2),
    '    <NDHDon>',
    ...indent(content, 3),
    '    </NDHDon>',
    '  </DLHDon>',
  ];
  if (inv.series.startsWith('C')) out.push(`  ${element('MCCQT', authorityCode(rng))}`);
  out.push('  <DSCKS>', '    <NBan/>', '  </DSCKS>', '</HDon>');
  return indent(out, depth).join('\n');
}

export function invoiceFile(hdon: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${hdon}\n`;
}

/** A TDiep envelope (message to the authority, type 200: invoices to be coded) holding several invoices. */
export function tdiepFile(messageId: string, senderCode: string, hdons: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<TDiep>',
    '  <TTChung>',
    '    <PBan>2.1.0</PBan>',
    '    <MNGui>DEMO-TVAN</MNGui>',
    '    <MNNhan>TCT</MNNhan>',
    '    <MLTDiep>200</MLTDiep>',
    `    <MTDiep>${xmlText(messageId)}</MTDiep>`,
    `    <MST>${xmlText(senderCode)}</MST>`,
    `    <SLuong>${hdons.length}</SLuong>`,
    '  </TTChung>',
    '  <DLieu>',
    ...hdons,
    '  </DLieu>',
    '</TDiep>',
    '',
  ].join('\n');
}

export function invoiceFileName(inv: Invoice): string {
  return `${inv.sellerCode.replace('-', '')}_${invoiceKey(inv).replace(/\//g, '_')}.xml`;
}

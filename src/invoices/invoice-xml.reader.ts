import { SaxesTagNS } from 'saxes';
import { readXmlRecords, StrictXmlReader } from '../intake/readers/strict-xml-reader';
import { Decimal, parseDecimal, sumToVndText, toVndText } from './exact-decimal';
import { InvoiceRecord } from './invoice-columns';

/** Paths inside one HDon (element local names joined by '/') → the text kept for that field. */
const FIELDS: Record<string, keyof Draft['text']> = {
  'DLHDon/TTChung/KHMSHDon': 'form',
  'DLHDon/TTChung/KHHDon': 'series',
  'DLHDon/TTChung/SHDon': 'number',
  'DLHDon/TTChung/NLap': 'issuedOn',
  'DLHDon/TTChung/DVTTe': 'currency',
  'DLHDon/TTChung/TGia': 'rate',
  'DLHDon/TTChung/TTHDLQuan/TCHDon': 'relation',
  'DLHDon/TTChung/TTHDLQuan/KHMSHDCLQuan': 'targetForm',
  'DLHDon/TTChung/TTHDLQuan/KHHDCLQuan': 'targetSeries',
  'DLHDon/TTChung/TTHDLQuan/SHDCLQuan': 'targetNumber',
  'DLHDon/NDHDon/NBan/MST': 'seller',
  'DLHDon/NDHDon/NMua/MST': 'buyer',
  'DLHDon/NDHDon/TToan/TgTCThue': 'beforeTax',
  'DLHDon/NDHDon/TToan/TgTThue': 'tax',
  'DLHDon/NDHDon/TToan/TgTTTBSo': 'payable',
  MCCQT: 'authorityCode',
};
const ITEM = 'DLHDon/NDHDon/DSHHDVu/HHDVu';
const RATE_SUMMARY = 'DLHDon/NDHDon/TToan/THTTLTSuat/LTSuat';

interface Draft {
  text: Partial<Record<
    'form' | 'series' | 'number' | 'issuedOn' | 'currency' | 'rate' | 'relation' | 'targetForm' | 'targetSeries'
    | 'targetNumber' | 'seller' | 'buyer' | 'beforeTax' | 'tax' | 'payable' | 'authorityCode', string>>;
  items: Array<{ text: string; subtract: boolean }>;
  itemKind: string | null;
  itemAmount: string | null;
  taxes: Array<{ text: string }>;
}

/**
 * Streams GDT e-invoice XML (Decision 1450 layout) into one canonical record per `HDon`: a single invoice, a
 * file whose root holds many HDon, or a `TDiep` message envelope carrying them under DLieu. Refuses any
 * DOCTYPE (no entity can be declared: no XXE, no expansion bombs). Amounts are read as exact decimals and
 * staged as whole VND text: never through a float. Records flow out after every chunk, so memory holds one
 * chunk's invoices, whatever the file size.
 */
export function readInvoiceXml(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<InvoiceRecord> {
  return readXmlRecords(chunks, new InvoiceXmlReader());
}

class InvoiceXmlReader extends StrictXmlReader<InvoiceRecord> {
  private readonly stack: string[] = [];
  private text = '';
  private draft?: Draft;
  /** Depth of the HDon element being read (its index in the stack). */
  private invoiceDepth = -1;
  private invoices = 0;
  private root?: string;

  protected override isEmpty(): boolean {
    return !this.root && !this.failed;
  }

  protected override endOfDocument(): void {
    if (this.invoices === 0) this.notInvoices();
  }

  protected onText(text: string): void {
    this.text += text;
  }

  private notInvoices(): never {
    return this.fail('XML_NOT_EINVOICE', 'not GDT e-invoice XML: expected HDon invoices, a file of them, or a TDiep message carrying them');
  }

  protected onOpen(tag: SaxesTagNS): void {
    const name = tag.local;
    if (!this.root) this.root = name;
    else if (this.stack.length === 1 && this.root !== 'TDiep' && this.root !== 'HDon' && name !== 'HDon') this.notInvoices();
    this.stack.push(name);
    this.text = '';
    if (name === 'HDon' && !this.draft) {
      this.draft = { text: {}, items: [], itemKind: null, itemAmount: null, taxes: [] };
      this.invoiceDepth = this.stack.length - 1;
    }
  }

  protected onClose(): void {
    const draft = this.draft;
    const depth = this.stack.length - 1;
    const path = draft ? this.stack.slice(this.invoiceDepth + 1).join('/') : '';
    this.stack.pop();
    const text = this.text.trim();
    this.text = '';
    if (!draft) return;
    if (depth === this.invoiceDepth) {
      this.ready.push(finish(draft));
      this.invoices++;
      this.draft = undefined;
      return;
    }
    const field = FIELDS[path];
    if (field && text) draft.text[field] = text;
    else if (path === `${ITEM}/TChat`) draft.itemKind = text;
    else if (path === `${ITEM}/ThTien`) draft.itemAmount = text;
    else if (path === ITEM) this.closeItem(draft);
    else if (path === `${RATE_SUMMARY}/TThue` && text) draft.taxes.push({ text });
  }

  /** TChat 1 goods/services and 2 promotions add, 3 (trade discount) subtracts, 4 (a note line) carries no amount. */
  private closeItem(draft: Draft): void {
    if (draft.itemAmount && draft.itemKind !== '4') draft.items.push({ text: draft.itemAmount, subtract: draft.itemKind === '3' });
    draft.itemKind = null;
    draft.itemAmount = null;
  }
}

function finish(draft: Draft): InvoiceRecord {
  const t = draft.text;
  const rate = foreignRate(t.currency, t.rate);
  const related = t.targetForm || t.targetSeries || t.targetNumber;
  return {
    seller_tax_code: t.seller ?? null,
    form: t.form ?? null,
    series: t.series ?? null,
    number: t.number ?? null,
    issued_on: t.issuedOn ?? null,
    buyer_tax_code: t.buyer ?? null,
    total_before_tax: toVndText(t.beforeTax ?? null, rate),
    tax_amount: toVndText(t.tax ?? null, rate),
    total_payable: toVndText(t.payable ?? null, rate),
    replaces: related ? `${t.targetForm ?? ''}/${t.targetSeries ?? ''}/${t.targetNumber ?? ''}` : null,
    relation: t.relation ?? null,
    authority_code: t.authorityCode ?? null,
    lines_total_before_tax: sumToVndText(draft.items, rate),
    lines_tax_amount: sumToVndText(draft.taxes, rate),
  };
}

/** The exchange rate of a foreign-currency invoice; null for VND (or a rate that does not read as a decimal). */
function foreignRate(currency: string | undefined, rate: string | undefined): Decimal | null {
  if (!currency || currency.toUpperCase() === 'VND' || !rate) return null;
  const parsed = parseDecimal(rate);
  return parsed && parsed.units > 0n ? parsed : null;
}

import { SaxesTagNS } from 'saxes';
import { IntakeStructuralError } from '../intake-structural.error';
import { StagedRecord } from './flat-json';
import { readXmlRecords, StrictXmlReader } from './strict-xml-reader';

export const DPI_NAMESPACE = 'urn:oecd:ties:dpi:v1';
const QUARTER_FIGURES = ['cons', 'numb', 'fees', 'tax'] as const;

/** Staging columns of a DPI batch: one record per ReportableSeller, identity and the four quarters. */
export const DPI_COLUMNS = [
  'doc_type', 'doc_ref_id', 'corr_doc_ref_id', 'message_type', 'seller_name', 'tax_code', 'national_id', 'address',
  'province', 'date_of_birth', 'category', 'is_resident', 'reporting_year', 'activity',
  ...QUARTER_FIGURES.flatMap((f) => [1, 2, 3, 4].map((q) => `${f}_q${q}`)),
] as const;

/** OECD activity → the business-category group of Decree 117 / Circular 40 (the nearest one). */
const ACTIVITY_CATEGORY: Record<string, string> = {
  SaleOfGoods: 'goods',
  PersonalServices: 'services',
  ImmovableProperty: 'leasing',
  TransportationRental: 'leasing',
};

interface SellerDraft {
  fields: Map<string, string[]>;
  tins: Array<{ value: string; issuedBy?: string; unknown: boolean }>;
  ids: string[];
  figures: Map<string, Map<string, string[]>>; // activity → "cons_q1" → values
}

/**
 * Streams an OECD DPI (DAC7) document into one record per ReportableSeller. Refuses any DOCTYPE (so no entity
 * can be declared, external or internal: no XXE, no expansion bombs) and any document whose root is not
 * `DPI_OECD` in the DPI namespace. Amounts are kept as text; the kind's merge validates them.
 */
export function readDpiXml(chunks: AsyncIterable<Buffer>): AsyncGenerator<StagedRecord> {
  return readXmlRecords(chunks, new DpiReader());
}

class DpiReader extends StrictXmlReader<StagedRecord> {
  private readonly stack: string[] = [];
  private readonly texts: string[] = [];
  private seller?: SellerDraft;
  private reportingYear: string | null = null;
  private messageType: string | null = null;
  private sawRoot = false;

  protected onOpen(tag: SaxesTagNS): void {
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (tag.local !== 'DPI_OECD' || tag.uri !== DPI_NAMESPACE) this.fail('XML_NOT_DPI', `the root element is not DPI_OECD in ${DPI_NAMESPACE}`);
    }
    this.stack.push(tag.local);
    this.texts.push('');
    if (tag.local === 'ReportableSeller') this.seller = { fields: new Map(), tins: [], ids: [], figures: new Map() };
    if (this.seller && tag.local === 'TIN') {
      const attr = (name: string) => Object.values(tag.attributes).find((a) => a.local === name)?.value;
      this.seller.tins.push({ value: '', issuedBy: attr('issuedBy'), unknown: attr('unknown') === 'true' });
    }
  }

  protected onText(text: string): void {
    if (this.texts.length) this.texts[this.texts.length - 1] += text;
  }

  protected onClose(): void {
    const name = this.stack.pop()!;
    const text = this.texts.pop()!.trim();
    const seller = this.seller;
    if (name === 'ReportingPeriod' && this.stack.includes('MessageSpec')) this.reportingYear = text.slice(0, 4);
    if (name === 'MessageTypeIndic') this.messageType = text;
    if (!seller) return;
    if (name === 'ReportableSeller') {
      this.ready.push(this.finish(seller));
      this.seller = undefined;
      return;
    }
    const activityAt = this.stack.indexOf('RelevantActivities');
    if (activityAt >= 0 && this.stack.length > activityAt + 1) {
      const figure = /^(Cons|Numb|Fees|Taxes|Tax)Q([1-4])$/.exec(name);
      if (figure) this.addFigure(seller, this.stack[activityAt + 1], figure[1], figure[2], text);
      return;
    }
    if (name === 'TIN' && this.stack.includes('Identity')) seller.tins[seller.tins.length - 1].value = text;
    else if (name === 'IN' && this.stack.includes('Identity')) seller.ids.push(text);
    else if (text && (this.stack.includes('Identity') || this.stack.includes('DocSpec'))) push(seller.fields, name, text);
  }

  private addFigure(seller: SellerDraft, activity: string, kind: string, quarter: string, text: string): void {
    const column = `${{ Cons: 'cons', Numb: 'numb', Fees: 'fees', Taxes: 'tax', Tax: 'tax' }[kind]}_q${quarter}`;
    const byColumn = seller.figures.get(activity) ?? new Map<string, string[]>();
    seller.figures.set(activity, byColumn);
    push(byColumn, column, text);
  }

  private finish(seller: SellerDraft): StagedRecord {
    const one = (name: string) => seller.fields.get(name)?.[0] ?? null;
    const all = (name: string) => seller.fields.get(name) ?? [];
    const lastName = [one('LastName'), ...all('MiddleName'), one('FirstName')].filter(Boolean).join(' ');
    const tin = seller.tins.find((t) => !t.unknown && t.value && (!t.issuedBy || t.issuedBy === 'VN'));
    const addressParts = ['BuildingIdentifier', 'Street', 'DistrictName', 'City', 'CountrySubentity'].map(one).filter(Boolean);
    const record: StagedRecord = {
      doc_type: one('DocTypeIndic'),
      doc_ref_id: one('DocRefId'),
      corr_doc_ref_id: one('CorrDocRefId'),
      message_type: this.messageType,
      seller_name: lastName || one('Name'),
      tax_code: tin?.value ?? null,
      national_id: seller.ids[0] ?? null,
      address: addressParts.length ? addressParts.join(', ') : one('AddressFree'),
      province: one('CountrySubentity') ?? one('City'),
      date_of_birth: one('BirthDate'),
      is_resident: all('ResCountryCode').length ? String(all('ResCountryCode').includes('VN')) : null,
      reporting_year: this.reportingYear,
      activity: [...seller.figures.keys()].join(',') || null,
      category: mainCategory(seller.figures),
    };
    for (const figure of QUARTER_FIGURES) {
      for (const q of [1, 2, 3, 4]) {
        const values = [...seller.figures.values()].flatMap((byColumn) => byColumn.get(`${figure}_q${q}`) ?? []);
        record[`${figure}_q${q}`] = sumAmounts(values);
      }
    }
    return record;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whole amounts add up exactly; anything else is passed on as written so validation reports it. */
function sumAmounts(values: string[]): string | null {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0];
  if (values.every((v) => /^[0-9]+$/.test(v))) return values.reduce((sum, v) => sum + BigInt(v), 0n).toString();
  return values.find((v) => !/^[0-9]+$/.test(v))!;
}

/** The category of the activity with the largest consideration over the year. */
function mainCategory(figures: Map<string, Map<string, string[]>>): string | null {
  let best: string | null = null;
  let bestTotal = -1n;
  for (const [activity, byColumn] of figures) {
    let total = 0n;
    for (const q of [1, 2, 3, 4]) for (const v of byColumn.get(`cons_q${q}`) ?? []) if (/^[0-9]+$/.test(v)) total += BigInt(v);
    if (total > bestTotal && ACTIVITY_CATEGORY[activity]) {
      best = ACTIVITY_CATEGORY[activity];
      bestTotal = total;
    }
  }
  return best;
}

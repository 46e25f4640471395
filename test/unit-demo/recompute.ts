/**
 * Recomputes every person-year's numbers from the PUBLISHED files (registry, declarations, invoices,
 * platform files, DPI with its corrections) plus the identity answers (truth/persons.csv and
 * truth/sellers.csv), then applies the signal rules exactly as README.md words them. The generator's
 * flags.csv must equal the result. Deliberately independent of src/demo/generator/rules.ts.
 */
import { readRecords, readCsv, readXml, text, Row } from './world-reader';
import type { Manifest } from '../../src/demo/generator/world-files';

export interface Facts {
  person: string;
  year: number;
  registered: boolean;
  kind: string;
  byPlatform: Map<string, number>;
  declared: number;
  withheld: number;
  invoiced: number;
  withholdingErrors: number;
}

const RATES: Record<string, [number, number]> = {
  goods: [100, 50],
  services: [500, 200],
  production_transport: [300, 150],
  leasing: [500, 500],
  digital_content: [500, 500],
  other: [200, 100],
  '': [500, 500],
};
const rate = (amount: number, bp: number) => Math.round((amount * bp) / 10_000);

export function thresholdOf(year: number): number {
  return year === 2025 ? 100_000_000 : 1_000_000_000;
}

export interface Recomputed {
  facts: Map<string, Facts>;
  flags: Set<string>;
  persons: Map<string, Row>;
  codeOwner: Map<string, string>;
  shopOwner: Map<string, string>;
}

export function recompute(dir: string, manifest: Manifest): Recomputed {
  const persons = new Map(readCsv(dir, 'truth/persons.csv').rows.map((r) => [String(r.person_id), r]));
  const codeOwner = new Map<string, string>();
  for (const [id, p] of persons) {
    for (const c of [p.tax_code, ...String(p.previous_tax_codes).split(';'), ...String(p.branch_tax_codes).split(';')]) {
      if (c) {
        codeOwner.set(String(c), id);
        codeOwner.set(String(c).replace('-', ''), id);
      }
    }
  }
  const shopOwner = new Map(readCsv(dir, 'truth/sellers.csv').rows.map((r) => [`${r.platform}|${r.seller_ref}`, String(r.person_id)]));
  const bad = new Set(readCsv(dir, 'truth/bad-rows.csv').rows.map((r) => `${r.file}|${r.row_number}`));
  const payment = new Map(manifest.platforms.map((p) => [p.code, p.paymentFunction]));

  const facts = new Map<string, Facts>();
  const get = (person: string, year: number): Facts => {
    const key = `${person}|${year}`;
    let f = facts.get(key);
    if (!f) {
      const p = persons.get(person)!;
      f = { person, year, registered: p.tax_code !== '', kind: String(p.kind), byPlatform: new Map(), declared: 0, withheld: 0, invoiced: 0, withholdingErrors: 0 };
      facts.set(key, f);
    }
    return f;
  };

  // Platform files.
  for (const file of manifest.files.filter((f) => f.source === 'platform' && f.kind === 'sellers')) {
    const platform = file.platform!;
    const category = new Map<string, string>();
    // Extra (bad) shop records have refs of their own, so they cannot shadow a real shop's category.
    for (const r of readRecords(dir, file.path, file.contentType)) if (r.seller_ref) category.set(String(r.seller_ref), String(r.category ?? ''));
    const revenue = manifest.files.find((f) => f.platform === platform && f.kind === 'revenue')!;
    readRecords(dir, revenue.path, revenue.contentType).forEach((r, i) => {
      if (bad.has(`${revenue.path}|${i + 1}`)) return;
      const person = shopOwner.get(`${platform}|${r.seller_ref}`);
      if (!person) throw new Error(`revenue row ${i + 1} of ${revenue.path}: unknown shop ${r.seller_ref}`);
      const period = String(r.period);
      const f = get(person, Number(period.slice(0, 4)));
      const net = Number(r.gross_revenue) - Number(r.refunds);
      const vat = Number(r.vat_withheld);
      const pit = Number(r.pit_withheld);
      f.byPlatform.set(platform, (f.byPlatform.get(platform) ?? 0) + net);
      if (vat + pit > 0) f.withheld += net;
      const monthly = /^\d{4}-\d{2}$/.test(period) && period >= '2025-07';
      let expected: [number, number] = [0, 0];
      if (f.kind === 'person' && payment.get(platform) && monthly) {
        const [v, p] = RATES[category.get(String(r.seller_ref)) ?? ''];
        expected = [rate(net, v), rate(net, p)];
      }
      if (Math.abs(vat - expected[0]) > 1 || Math.abs(pit - expected[1]) > 1) f.withholdingErrors++;
    });
  }

  // DPI: first reports, then corrections replacing the records they point at.
  const dpiFiles = manifest.files.filter((f) => f.kind === 'dpi');
  const records = new Map<string, { platform: string; year: number; ref: string; entity: boolean; q: { cons: number; tax: number }[] }>();
  for (const file of dpiFiles) {
    const doc = readXml(dir, file.path)['dpi:DPI_OECD'];
    const year = Number(text(doc['dpi:MessageSpec']['dpi:ReportingPeriod']).slice(0, 4));
    for (const s of doc['dpi:DPIBody']['dpi:ReportableSeller'] ?? []) {
      const spec = s['dpi:DocSpec'];
      const id = text(spec['stf:DocRefId']);
      const corr = text(spec['stf:CorrDocRefId']);
      const goods = s['dpi:RelevantActivities']['dpi:SaleOfGoods'];
      const q = [1, 2, 3, 4].map((k) => ({ cons: Number(text(goods['dpi:Consideration'][`dpi:ConsQ${k}`])), tax: Number(text(goods['dpi:Taxes'][`dpi:TaxQ${k}`])) }));
      const ref = id.replace(/^VN-[a-z]+-\d{4}-/, '').replace(/-C\d+$/, '');
      if (corr) records.delete(corr);
      records.set(id, { platform: file.platform!, year, ref, entity: 'dpi:EntitySeller' in s['dpi:Identity'], q });
    }
  }
  for (const r of records.values()) {
    const person = shopOwner.get(`${r.platform}|${r.ref}`);
    if (!person) throw new Error(`DPI record for unknown shop ${r.ref}`);
    const f = get(person, r.year);
    r.q.forEach((x, k) => {
      if (x.cons === 0 && x.tax === 0) return;
      f.byPlatform.set(r.platform, (f.byPlatform.get(r.platform) ?? 0) + x.cons);
      if (x.tax > 0) f.withheld += x.cons;
      const withholding = r.year > 2025 || k >= 2;
      const expected = f.kind === 'person' && withholding && payment.get(r.platform) ? rate(x.cons, 100) + rate(x.cons, 50) : 0;
      if (Math.abs(x.tax - expected) > 2) f.withholdingErrors++;
    });
  }

  // Declarations, under whichever code the person used.
  for (const d of readCsv(dir, 'authority/declarations.csv').rows) {
    const person = codeOwner.get(String(d.tax_code));
    if (!person) throw new Error(`declaration under unknown code ${d.tax_code}`);
    get(person, Number(String(d.period).slice(0, 4))).declared += Number(d.declared_revenue);
  }

  // Invoices: CSV and XML, a replaced invoice does not count.
  const invoices: { seller: string; key: string; replaces: string; year: number; before: number }[] = [];
  for (const r of readCsv(dir, 'authority/invoices.csv').rows) {
    invoices.push({
      seller: String(r.seller_tax_code),
      key: `${r.form}/${r.series}/${r.number}`,
      replaces: String(r.replaces),
      year: Number(String(r.issued_on).slice(0, 4)),
      before: Number(r.total_before_tax),
    });
  }
  for (const file of manifest.files.filter((f) => f.kind === 'invoices' && f.contentType === 'application/xml')) {
    const doc = readXml(dir, file.path);
    const hdons = doc.TDiep ? doc.TDiep.DLieu.HDon : doc.HDon;
    for (const h of hdons) {
      const t = h.DLHDon.TTChung;
      const rel = t.TTHDLQuan;
      invoices.push({
        seller: text(h.DLHDon.NDHDon.NBan.MST),
        key: `${text(t.KHMSHDon)}/${text(t.KHHDon)}/${text(t.SHDon)}`,
        replaces: rel ? `${text(rel.KHMSHDCLQuan)}/${text(rel.KHHDCLQuan)}/${text(rel.SHDCLQuan)}` : '',
        year: Number(text(t.NLap).slice(0, 4)),
        before: Number(text(h.DLHDon.NDHDon.TToan.TgTCThue)),
      });
    }
  }
  const replaced = new Set(invoices.filter((i) => i.replaces).map((i) => `${i.seller}|${i.replaces}`));
  for (const inv of invoices) {
    if (replaced.has(`${inv.seller}|${inv.key}`)) continue;
    const person = codeOwner.get(inv.seller);
    if (!person) throw new Error(`invoice of unknown seller ${inv.seller}`);
    get(person, inv.year).invoiced += inv.before;
  }

  // The rules, as README.md words them.
  const flags = new Set<string>();
  for (const f of facts.values()) {
    const threshold = thresholdOf(f.year);
    const values = [...f.byPlatform.values()].filter((v) => v > 0);
    const total = [...f.byPlatform.values()].reduce((s, v) => s + v, 0);
    const above = total > threshold;
    const covered = f.declared + f.withheld;
    const add = (s: string) => flags.add(`${f.person}|${f.year}|${s}`);
    if (!f.registered && above) add('UNREGISTERED');
    if (f.registered && above && covered === 0) add('NOT_FILED');
    if (f.registered && above && covered > 0 && covered < 0.9 * total) add('UNDER_DECLARED');
    if (values.length >= 2 && above && values.every((v) => v <= threshold)) add('SPLIT_ACROSS_PLATFORMS');
    if (f.registered && total >= 1_000_000_000 && f.invoiced < 0.5 * total) add('INVOICE_GAP');
    if (f.withholdingErrors > 0) add('WITHHOLDING_ERROR');
  }
  return { facts, flags, persons, codeOwner, shopOwner };
}

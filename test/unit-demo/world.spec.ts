import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld, WorldSummary } from '../../src/demo/generator/generate-world';
import { isValidTaxCode } from '../../src/demo/generator/ids';
import { OLD_PROVINCES } from '../../src/demo/generator/places';
import { Manifest } from '../../src/demo/generator/world-files';
import { recompute, Recomputed, thresholdOf } from './recompute';
import { listFiles, readCsv, readManifest, readRecords, readXml, text, validateXml } from './world-reader';

const SELLERS = 1500;
const SEED = 20261123;

let root: string;
let dirA: string;
let summary: WorldSummary;
let manifest: Manifest;
let truth: Recomputed;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'demo-world-'));
  dirA = join(root, 'a');
  summary = await generateWorld({ sellers: SELLERS, seed: SEED, outDir: dirA });
  manifest = readManifest(dirA);
  truth = recompute(dirA, manifest);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const OLD_CODES = new Set(OLD_PROVINCES.map((p) => p.code));
const badRows = () => readCsv(dirA, 'truth/bad-rows.csv').rows;

describe('determinism', () => {
  it('writes the same bytes for the same seed, and a different world for another seed', async () => {
    const dirB = join(root, 'b');
    const dirC = join(root, 'c');
    await generateWorld({ sellers: SELLERS, seed: SEED, outDir: dirB });
    await generateWorld({ sellers: SELLERS, seed: SEED + 1, outDir: dirC });
    const files = listFiles(dirA);
    expect(listFiles(dirB)).toEqual(files);
    for (const f of files) expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f)))).toBe(true);
    expect(readFileSync(join(dirC, 'authority/taxpayers.csv')).equals(readFileSync(join(dirA, 'authority/taxpayers.csv')))).toBe(false);
  }, 120_000);

  it('regenerates over an earlier world but refuses a foreign non-empty directory', async () => {
    const foreign = mkdtempSync(join(root, 'foreign-'));
    require('node:fs').writeFileSync(join(foreign, 'notes.txt'), 'mine');
    await expect(generateWorld({ sellers: 5, seed: 1, outDir: foreign })).rejects.toThrow(/refusing/);
  });
});

describe('manifest', () => {
  it('lists every file exactly once, data files in push order, with their row counts', () => {
    const listed = [...manifest.files.map((f) => f.path), ...manifest.truth.map((t) => t.path)];
    const onDisk = listFiles(dirA).filter((f) => f !== 'manifest.json' && !f.startsWith('.'));
    expect([...listed].sort()).toEqual(onDisk);
    const kinds = manifest.files.map((f) => f.kind);
    expect(kinds.slice(0, 3)).toEqual(['taxpayers', 'declarations', 'invoices']);
    const firstPlatform = manifest.files.findIndex((f) => f.source === 'platform');
    expect(manifest.files.slice(firstPlatform).every((f) => f.source === 'platform')).toBe(true);
    const dpi = manifest.files.filter((f) => f.kind === 'dpi').map((f) => f.path);
    expect(dpi.indexOf(dpi.find((p) => p.endsWith('corrections.xml'))!)).toBe(dpi.length - 1);
    for (const f of manifest.files) {
      let rows: number;
      if (f.contentType === 'application/xml') {
        const doc = readXml(dirA, f.path);
        rows = f.kind === 'dpi' ? (doc['dpi:DPI_OECD']['dpi:DPIBody']['dpi:ReportableSeller'] ?? []).length : doc.TDiep ? doc.TDiep.DLieu.HDon.length : doc.HDon.length;
      } else {
        rows = readRecords(dirA, f.path, f.contentType).length;
      }
      expect({ path: f.path, rows }).toEqual({ path: f.path, rows: f.rows });
    }
    expect(manifest.platforms).toHaveLength(4);
    expect(new Set(manifest.files.filter((f) => f.source === 'platform').map((f) => f.contentType))).toEqual(
      new Set(['text/csv', 'application/json', 'application/x-ndjson', 'application/xml']),
    );
  });
});

describe('CSV files', () => {
  const HEADERS: Record<string, string> = {
    'authority/taxpayers.csv': 'tax_code,national_id,previous_tax_codes,name,date_of_birth,phone,email,address,province,business_category,status,registered_on',
    'authority/declarations.csv': 'tax_code,period,declared_revenue,tax_paid,filed_on',
    'authority/invoices.csv': 'seller_tax_code,form,series,number,issued_on,buyer_tax_code,total_before_tax,tax_amount,total_payable,replaces',
  };

  it('are RFC 4180 with the canonical headers (strict parse, constant column count)', () => {
    for (const [path, header] of Object.entries(HEADERS)) expect(readCsv(dirA, path).header.join(',')).toBe(header);
    for (const f of manifest.files.filter((x) => x.contentType === 'text/csv' && x.source === 'platform')) {
      const { header } = readCsv(dirA, f.path);
      expect(header.join(',')).toBe(
        f.kind === 'sellers'
          ? 'seller_ref,shop_name,seller_name,tax_code,national_id,phone,email,address,province,date_of_birth,category,is_resident'
          : 'seller_ref,period,gross_revenue,order_count,refunds,fees,vat_withheld,pit_withheld',
      );
    }
    for (const t of manifest.truth) expect(() => readCsv(dirA, t.path)).not.toThrow();
  });

  it('quote fields that need it (addresses hold commas)', () => {
    const raw = readFileSync(join(dirA, 'authority/taxpayers.csv'), 'utf8');
    expect(raw).toMatch(/"[^"]*, [^"]*"/);
  });
});

describe('identifiers', () => {
  it('registry: valid, unique tax codes; personal IDs match birth province, sex century and year', () => {
    const rows = readCsv(dirA, 'authority/taxpayers.csv').rows;
    expect(rows.length).toBe(2 * SELLERS);
    const seen = new Set<string>();
    for (const r of rows) {
      const code = String(r.tax_code);
      expect(seen.has(code)).toBe(false);
      seen.add(code);
      if (code.length === 12) expect(code).toBe(r.national_id);
      else expect(isValidTaxCode(code)).toBe(true);
      for (const prev of String(r.previous_tax_codes).split(';').filter(Boolean)) {
        expect(isValidTaxCode(prev)).toBe(true);
        expect(seen.has(prev)).toBe(false);
        seen.add(prev);
      }
      const id = String(r.national_id);
      if (id) {
        expect(id).toMatch(/^0\d{11}$/);
        expect(OLD_CODES.has(id.slice(1, 3))).toBe(true);
        const year = Number(String(r.date_of_birth).slice(0, 4));
        expect(Number(id[3]) >= 2).toBe(year >= 2000);
        expect(id.slice(4, 6)).toBe(String(year % 100).padStart(2, '0'));
      }
      expect(['active', 'suspended', 'closed', 'ceased_not_closed', 'not_at_address', 'waiting_id_update']).toContain(r.status);
    }
    expect(rows.some((r) => String(r.tax_code).length === 12 && r.previous_tax_codes)).toBe(true);
    expect(rows.some((r) => r.status === 'waiting_id_update' && String(r.tax_code).length === 10)).toBe(true);
    expect(rows.some((r) => /^Công ty/.test(String(r.name)))).toBe(true);
    expect(rows.some((r) => /^\d{10}-\d{3}$/.test(String(r.tax_code)))).toBe(true);
  });

  it('platform tax codes are valid except the deliberately mistyped ones listed in bad-rows', () => {
    const listed = new Set(badRows().filter((b) => b.expected_error === 'TAX_CODE_CHECK_DIGIT').map((b) => `${b.file}|${b.row_number}`));
    expect(listed.size).toBeGreaterThan(0);
    let checked = 0;
    for (const f of manifest.files.filter((x) => x.kind === 'sellers')) {
      readRecords(dirA, f.path, f.contentType).forEach((r, i) => {
        const code = String(r.tax_code ?? '');
        if (!code || code.length === 12) return;
        checked++;
        expect({ row: `${f.path}|${i + 1}`, valid: isValidTaxCode(code) }).toEqual({ row: `${f.path}|${i + 1}`, valid: !listed.has(`${f.path}|${i + 1}`) });
      });
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('declarations and invoices only use codes of registered taxpayers (old codes included)', () => {
    const registry = new Set<string>();
    for (const r of readCsv(dirA, 'authority/taxpayers.csv').rows) {
      registry.add(String(r.tax_code));
      for (const p of String(r.previous_tax_codes).split(';').filter(Boolean)) registry.add(p);
    }
    const decl = readCsv(dirA, 'authority/declarations.csv').rows;
    for (const d of decl) expect(registry.has(String(d.tax_code))).toBe(true);
    // Some returns are filed under an old 10-digit code of someone now registered under the personal ID.
    const migrated = new Set(readCsv(dirA, 'authority/taxpayers.csv').rows.flatMap((r) => (String(r.tax_code).length === 12 ? String(r.previous_tax_codes).split(';') : [])));
    expect(decl.some((d) => migrated.has(String(d.tax_code)) && String(d.filed_on) >= '2025-07-01')).toBe(true);
    for (const inv of readCsv(dirA, 'authority/invoices.csv').rows) {
      expect(registry.has(String(inv.seller_tax_code))).toBe(true);
      if (inv.buyer_tax_code) expect(registry.has(String(inv.buyer_tax_code))).toBe(true);
    }
  });
});

describe('e-invoice XML', () => {
  const xmlFiles = () => manifest.files.filter((f) => f.kind === 'invoices' && f.contentType === 'application/xml');

  it('is well-formed GDT-style XML, with MCCQT exactly on C-series, series year = issue year, consistent totals', () => {
    expect(xmlFiles().length).toBeGreaterThan(3);
    let hdons = 0;
    for (const f of xmlFiles()) {
      expect(validateXml(dirA, f.path)).toBe(true);
      const doc = readXml(dirA, f.path);
      for (const h of doc.TDiep ? doc.TDiep.DLieu.HDon : doc.HDon) {
        hdons++;
        const t = h.DLHDon.TTChung;
        const series = text(t.KHHDon);
        expect(series).toMatch(/^[CK]\d{2}[TDLMNBGH][A-Z]{2}$/);
        expect(series.slice(1, 3)).toBe(text(t.NLap).slice(2, 4));
        expect(h.MCCQT !== undefined).toBe(series.startsWith('C'));
        if (h.MCCQT !== undefined) expect(text(h.MCCQT)).toHaveLength(34);
        const total = h.DLHDon.NDHDon.TToan;
        expect(Number(text(total.TgTTTBSo))).toBe(Number(text(total.TgTCThue)) + Number(text(total.TgTThue)));
        const items = h.DLHDon.NDHDon.DSHHDVu.HHDVu.reduce((s: number, i: any) => s + Number(text(i.ThTien)), 0);
        expect(items).toBe(Number(text(total.TgTCThue)));
        expect(text(h.DLHDon.NDHDon.NBan.Ten)).not.toBe('');
      }
    }
    const tdiep = xmlFiles().filter((f) => readXml(dirA, f.path).TDiep);
    expect(tdiep).toHaveLength(1);
    expect(tdiep[0].rows).toBeGreaterThan(1);
    expect(hdons).toBe(summary.invoiceXmlInvoices);
  });

  it('never holds an invoice that is also in the CSV; replacements point at existing invoices', () => {
    const keys = new Map<string, string>();
    const replaces: string[] = [];
    for (const r of readCsv(dirA, 'authority/invoices.csv').rows) {
      const k = `${r.seller_tax_code}|${r.form}/${r.series}/${r.number}`;
      expect(keys.has(k)).toBe(false);
      keys.set(k, 'csv');
      if (r.replaces) replaces.push(`${r.seller_tax_code}|${r.replaces}`);
    }
    for (const f of xmlFiles()) {
      const doc = readXml(dirA, f.path);
      for (const h of doc.TDiep ? doc.TDiep.DLieu.HDon : doc.HDon) {
        const t = h.DLHDon.TTChung;
        const seller = text(h.DLHDon.NDHDon.NBan.MST);
        const k = `${seller}|${text(t.KHMSHDon)}/${text(t.KHHDon)}/${text(t.SHDon)}`;
        expect(keys.has(k)).toBe(false);
        keys.set(k, 'xml');
        if (t.TTHDLQuan) replaces.push(`${seller}|${text(t.TTHDLQuan.KHMSHDCLQuan)}/${text(t.TTHDLQuan.KHHDCLQuan)}/${text(t.TTHDLQuan.SHDCLQuan)}`);
      }
    }
    expect(replaces.length).toBeGreaterThan(0);
    for (const r of replaces) expect(keys.has(r)).toBe(true);
  });
});

describe('DPI XML', () => {
  it('is well-formed OECD DPI with namespaces, VND amounts, and corrections pointing at earlier records', () => {
    const files = manifest.files.filter((f) => f.kind === 'dpi');
    expect(files.map((f) => f.path.split('/').pop())).toEqual(['dpi-2025.xml', 'dpi-2026.xml', 'dpi-2025-corrections.xml']);
    const ids = new Set<string>();
    let corrections = 0;
    for (const f of files) {
      expect(validateXml(dirA, f.path)).toBe(true);
      const raw = readFileSync(join(dirA, f.path), 'utf8');
      expect(raw).toContain('xmlns:dpi="urn:oecd:ties:dpi:v1"');
      expect(raw).toContain('xmlns:stf="urn:oecd:ties:dpistf:v1"');
      const doc = readXml(dirA, f.path)['dpi:DPI_OECD'];
      expect(text(doc['dpi:MessageSpec']['dpi:MessageTypeIndic'])).toBe(f.path.includes('corrections') ? 'DPI402' : 'DPI401');
      for (const s of doc['dpi:DPIBody']['dpi:ReportableSeller']) {
        const spec = s['dpi:DocSpec'];
        const type = text(spec['stf:DocTypeIndic']);
        if (type === 'OECD2') {
          corrections++;
          expect(ids.has(text(spec['stf:CorrDocRefId']))).toBe(true);
        } else {
          expect(type).toBe('OECD1');
        }
        ids.add(text(spec['stf:DocRefId']));
        const goods = s['dpi:RelevantActivities']['dpi:SaleOfGoods'];
        for (let q = 1; q <= 4; q++) {
          expect(goods['dpi:Consideration'][`dpi:ConsQ${q}`]['@_currCode']).toBe('VND');
          expect(text(goods['dpi:Taxes'][`dpi:TaxQ${q}`])).toMatch(/^\d+$/);
        }
        const ind = s['dpi:Identity']['dpi:IndividualSeller'];
        if (ind) {
          const id = ind['dpi:Standard']['dpi:IndSellerID'];
          expect(text(id['dpi:ResCountryCode'])).toBe('VN');
          expect(id['dpi:TIN'][0]['@_issuedBy']).toBe('VN');
          expect(text(id['dpi:Name']['dpi:LastName'])).not.toBe('');
        } else {
          expect(s['dpi:Identity']['dpi:EntitySeller']['dpi:Standard']['dpi:EntSellerID']).toBeDefined();
        }
      }
    }
    expect(corrections).toBeGreaterThan(0);
  });
});

describe('platform data', () => {
  it('reports quarterly before 07/2025, monthly after on payment platforms, never past 2026-Q3; integer VND', () => {
    const bad = new Set(badRows().map((b) => `${b.file}|${b.row_number}`));
    const problems: string[] = [];
    let checked = 0;
    for (const f of manifest.files.filter((x) => x.kind === 'revenue')) {
      const paying = manifest.platforms.find((p) => p.code === f.platform)!.paymentFunction;
      readRecords(dirA, f.path, f.contentType).forEach((r, i) => {
        if (bad.has(`${f.path}|${i + 1}`)) return;
        checked++;
        const period = String(r.period);
        const quarterly = period.includes('Q');
        const periodOk = paying ? (quarterly ? /^2025-Q[12]$/.test(period) : /^20(25-(0[7-9]|1[0-2])|26-0[1-9])$/.test(period)) : /^(2025-Q[1-4]|2026-Q[1-3])$/.test(period);
        if (!periodOk) problems.push(`${f.path}:${i + 1} period ${period}`);
        for (const k of ['gross_revenue', 'order_count', 'refunds', 'fees', 'vat_withheld', 'pit_withheld']) {
          if (!/^\d+$/.test(String(r[k]))) problems.push(`${f.path}:${i + 1} ${k}=${r[k]}`);
        }
        if ((!paying || quarterly) && (Number(r.vat_withheld) || Number(r.pit_withheld))) problems.push(`${f.path}:${i + 1} withheld outside the era`);
      });
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('carries realistic noise: no diacritics, capitals, NFD, phones in several formats, old provinces, shop names', () => {
    const sellers = manifest.files.filter((x) => x.kind === 'sellers').flatMap((f) => readRecords(dirA, f.path, f.contentType));
    const names = sellers.map((s) => String(s.seller_name));
    expect(names.some((n) => n !== n.normalize('NFC'))).toBe(true);
    expect(names.some((n) => /^[A-Z ]+$/.test(n) && n.length > 8)).toBe(true);
    expect(names.some((n) => /^[A-Za-z ]+$/.test(n) && n !== n.toUpperCase())).toBe(true);
    expect(sellers.some((s) => s.seller_name === s.shop_name)).toBe(true);
    const phones = sellers.map((s) => String(s.phone));
    for (const re of [/^0\d{9}$/, /^\+84 \d{3} \d{3} \d{3}$/, /^84\d{9}$/, /^0\d{3}\.\d{3}\.\d{3}$/]) expect(phones.some((p) => re.test(p))).toBe(true);
    const provinces = new Set(sellers.map((s) => String(s.province)));
    expect([...provinces].some((p) => p.startsWith('Tỉnh '))).toBe(true);
    expect(sellers.some((s) => /^\d{9}$/.test(String(s.national_id)))).toBe(true);
    expect(sellers.filter((s) => !s.tax_code).length / sellers.length).toBeGreaterThan(0.3);
  });

  it('has namesakes: different people with the same common name, some in the same province and birth year', () => {
    const byName = new Map<string, any[]>();
    for (const p of truth.persons.values()) if (p.kind === 'person') byName.set(String(p.name), [...(byName.get(String(p.name)) ?? []), p]);
    const groups = [...byName.values()].filter((g) => g.length >= 3);
    expect(groups.length).toBeGreaterThan(0);
    expect(
      [...byName.values()].some((g) => {
        const seen = new Set<string>();
        return g.some((p) => {
          const k = `${p.residence_province_code}|${String(p.date_of_birth).slice(0, 4)}`;
          if (seen.has(k)) return true;
          seen.add(k);
          return false;
        });
      }),
    ).toBe(true);
  });

  it('places the same person on several platforms and several shops on one platform', () => {
    const shops = readCsv(dirA, 'truth/sellers.csv').rows;
    const perPerson = new Map<string, string[]>();
    for (const s of shops) perPerson.set(String(s.person_id), [...(perPerson.get(String(s.person_id)) ?? []), String(s.platform)]);
    const lists = [...perPerson.values()];
    expect(lists.some((l) => new Set(l).size >= 3)).toBe(true);
    expect(lists.some((l) => l.length > new Set(l).size)).toBe(true);
  });
});

describe('truth', () => {
  it('flags.csv is exactly what the rules give on the published numbers', () => {
    const written = new Set(readCsv(dirA, 'truth/flags.csv').rows.map((r) => `${r.person_id}|${r.tax_year}|${r.signal}`));
    const missing = [...truth.flags].filter((f) => !written.has(f));
    const extra = [...written].filter((f) => !truth.flags.has(f));
    expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ missing: [], extra: [] });
    for (const s of ['UNREGISTERED', 'NOT_FILED', 'UNDER_DECLARED', 'SPLIT_ACROSS_PLATFORMS', 'INVOICE_GAP', 'WITHHOLDING_ERROR']) {
      for (const y of [2025, 2026]) expect({ s, y, any: [...written].some((f) => f.endsWith(`|${y}|${s}`)) }).toEqual({ s, y, any: true });
    }
  });

  it('keeps every person-year clear of thresholds and tolerances', () => {
    for (const f of truth.facts.values()) {
      const threshold = thresholdOf(f.year);
      const values = [...f.byPlatform.values()];
      const total = values.reduce((s, v) => s + v, 0);
      const near = (x: number, t: number) => x > 0.7 * t && x < 1.3 * t;
      const ctx = `${f.person} ${f.year}`;
      expect({ ctx, near: near(total, threshold) || near(total, 1e9) }).toEqual({ ctx, near: false });
      if (values.filter((v) => v > 0).length >= 2 && !values.some((v) => v >= 1.3 * threshold)) {
        for (const v of values) expect({ ctx, near: near(v, threshold) }).toEqual({ ctx, near: false });
      }
      if (f.registered && total > threshold) {
        const c = (f.declared + f.withheld) / total;
        expect({ ctx, clear: c <= 0.75 || c >= 0.97 }).toEqual({ ctx, clear: true });
      }
      if (f.registered && total >= 1e9) {
        const c = f.invoiced / total;
        expect({ ctx, clear: c <= 0.35 || c >= 0.7 }).toEqual({ ctx, clear: true });
      }
    }
  });

  it('person-years.csv holds the same numbers as the published files', () => {
    for (const r of readCsv(dirA, 'truth/person-years.csv').rows) {
      const f = truth.facts.get(`${r.person_id}|${r.tax_year}`);
      const total = f ? [...f.byPlatform.values()].reduce((s, v) => s + v, 0) : 0;
      expect([Number(r.platform_revenue), Number(r.declared_revenue), Number(r.withheld_revenue), Number(r.invoiced)]).toEqual([
        total,
        f?.declared ?? 0,
        f?.withheld ?? 0,
        f?.invoiced ?? 0,
      ]);
    }
  });

  it('every shop maps to a person; unregistered people have no true tax code', () => {
    for (const s of readCsv(dirA, 'truth/sellers.csv').rows) {
      const p = truth.persons.get(String(s.person_id))!;
      expect(p).toBeDefined();
      if (!p.tax_code) expect(s.true_tax_code).toBe('');
      else expect(truth.codeOwner.get(String(s.true_tax_code))).toBe(s.person_id);
    }
  });

  it('bad-rows.csv points at rows that really carry the promised defect', () => {
    const rows = badRows();
    const codes = new Set(rows.map((r) => r.expected_error));
    for (const c of ['TAX_CODE_CHECK_DIGIT', 'NATIONAL_ID_FORMAT', 'PHONE_FORMAT', 'EMAIL_FORMAT', 'PERIOD_FORMAT', 'PERIOD_IN_FUTURE', 'AMOUNT_NEGATIVE', 'AMOUNT_FORMAT', 'PROVINCE_UNKNOWN', 'REQUIRED_FIELD_MISSING']) {
      expect(codes.has(c)).toBe(true);
    }
    const cache = new Map<string, any[]>();
    for (const b of rows) {
      const file = manifest.files.find((f) => f.path === b.file)!;
      if (!cache.has(file.path)) cache.set(file.path, readRecords(dirA, file.path, file.contentType));
      const rec = cache.get(file.path)![Number(b.row_number) - 1];
      const v = String(rec[String(b.field)] ?? '');
      const ok: Record<string, boolean> = {
        TAX_CODE_CHECK_DIGIT: v !== '' && !isValidTaxCode(v),
        NATIONAL_ID_FORMAT: !/^(\d{9}|0\d{11})$/.test(v) || !OLD_CODES.has(v.slice(1, 3)),
        PHONE_FORMAT: !/^(0|\+?84)\d{9}$/.test(v.replace(/[ .]/g, '')),
        EMAIL_FORMAT: !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
        PERIOD_FORMAT: !/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(v),
        PERIOD_IN_FUTURE: v > '2026-11',
        AMOUNT_NEGATIVE: Number(v) < 0,
        AMOUNT_FORMAT: !/^-?\d+$/.test(v),
        PROVINCE_UNKNOWN: v !== '' && !/Hà Nội|Hồ Chí Minh/.test(v),
        REQUIRED_FIELD_MISSING: v === '',
      };
      expect({ b, ok: ok[String(b.expected_error)] }).toEqual({ b, ok: true });
    }
  });
});

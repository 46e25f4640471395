import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { epochDay, epochDayOf, isoDate, platformPeriods, quartersOf } from '../../src/demo/generator/calendar';
import { fitBirthYear, isValidTaxCode, isValidTaxCode10, IdFactory, mistype, Permutation, taxCodeCheckDigit } from '../../src/demo/generator/ids';
import { generateInvoiceLines } from '../../src/demo/generator/invoice-lines';
import { stripDiacritics } from '../../src/demo/generator/names';
import { Rng, WeightedTable } from '../../src/demo/generator/prng';
import { allocate } from '../../src/demo/generator/revenue';
import { evaluateSignals, PersonYearFacts } from '../../src/demo/generator/rules';
import { csvLine } from '../../src/demo/generator/sinks';
import { vndInWords } from '../../src/demo/generator/vn-words';
import names from '../../src/demo/data/names.json';
import { readCsv } from './world-reader';

describe('tax codes', () => {
  it('accepts the known-good codes and rejects a wrong check digit', () => {
    for (const c of ['0100109106', '0309478306', '0106324653', '0101243150', '0313028740']) expect(isValidTaxCode10(c)).toBe(true);
    expect(isValidTaxCode10('0100109107')).toBe(false);
    expect(isValidTaxCode('0100109106-001')).toBe(true);
    expect(isValidTaxCode('0100109106001')).toBe(true);
    expect(isValidTaxCode('0100109106-000')).toBe(false);
    expect(taxCodeCheckDigit('010010910')).toBe(6);
  });

  it('generates unique valid codes, personal IDs and phones per serial', () => {
    const ids = new IdFactory(42, ['090', '091'], ['096']);
    const codes = new Set<string>();
    const pids = new Set<string>();
    const phones = new Set<string>();
    for (let g = 0; g < 20_000; g++) {
      const c = ids.taxCode(g, g % 3 === 0);
      expect(isValidTaxCode10(c)).toBe(true);
      codes.add(c);
      pids.add(ids.personalId(g, '79', false, 1990));
      phones.add(ids.phone(g));
    }
    expect([codes.size, pids.size, phones.size]).toEqual([20_000, 20_000, 20_000]);
  });

  it('mistypes always break a 10-digit code, keep 12-digit IDs well-formed', () => {
    const ids = new IdFactory(7, ['090'], ['096']);
    const rng = new Rng(3);
    for (let g = 0; g < 2000; g++) {
      const code = ids.taxCode(g, false);
      expect(isValidTaxCode10(mistype(code, rng))).toBe(false);
      const pid = ids.personalId(g, '01', true, 1985);
      const wrong = mistype(pid, rng);
      expect(wrong).not.toBe(pid);
      expect(wrong.slice(0, 6)).toBe(pid.slice(0, 6));
    }
  });

  it('keeps people of different serial millions apart by birth year', () => {
    for (let y = 1950; y <= 2007; y++) {
      const a = fitBirthYear(y, 5, 3, 1950, 2007);
      const b = fitBirthYear(y, 1_000_005, 3, 1950, 2007);
      expect(a % 3).toBe(0);
      expect(b % 3).toBe(1);
      expect(a).toBeGreaterThanOrEqual(1950);
      expect(b).toBeLessThanOrEqual(2007);
    }
  });

  it('permutations are bijections', () => {
    const p = new Permutation(1000, 9);
    expect(new Set(Array.from({ length: 1000 }, (_, i) => p.apply(i))).size).toBe(1000);
  });
});

describe('randomness and arithmetic', () => {
  it('is reproducible per stream and never uses Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    const a = Rng.for(1, 'x', 5);
    const b = Rng.for(1, 'x', 5);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(Rng.for(1, 'x', 6).next()).not.toBe(Rng.for(1, 'x', 5).next());
    expect(spy).not.toHaveBeenCalled();
  });

  it('allocates integers that add up exactly', () => {
    const rng = new Rng(1);
    for (let k = 0; k < 200; k++) {
      const total = rng.int(0, 9_000_000_000);
      const parts = allocate(total, Array.from({ length: rng.int(1, 12) }, () => rng.range(0, 2)));
      expect(parts.reduce((s, x) => s + x, 0)).toBe(total);
      for (const p of parts) expect(Number.isInteger(p)).toBe(true);
    }
  });

  it('draws family names with census-like weights', () => {
    const table = new WeightedTable(names.familyNames as [string, number][]);
    const rng = new Rng(5);
    let nguyen = 0;
    for (let i = 0; i < 20_000; i++) if (table.pick(rng) === 'Nguyễn') nguyen++;
    expect(nguyen / 20_000).toBeGreaterThan(0.29);
    expect(nguyen / 20_000).toBeLessThan(0.34);
    expect(names.givenNames.male.length).toBeGreaterThan(100);
    expect(names.givenNames.female.length).toBeGreaterThan(100);
  });

  it('spells amounts in Vietnamese', () => {
    expect(vndInWords(0)).toBe('Không đồng');
    expect(vndInWords(1_250_000)).toBe('Một triệu hai trăm năm mươi nghìn đồng');
    expect(vndInWords(105)).toBe('Một trăm lẻ năm đồng');
    expect(vndInWords(21_015)).toBe('Hai mươi mốt nghìn không trăm mười lăm đồng');
    expect(vndInWords(3_000_000_004)).toBe('Ba tỷ không trăm lẻ bốn đồng');
  });

  it('quotes CSV fields per RFC 4180 and strips diacritics', () => {
    expect(csvLine(['a,b', 'say "hi"', 'plain', 12])).toBe('"a,b","say ""hi""",plain,12');
    expect(stripDiacritics('Nguyễn Văn Đức')).toBe('Nguyen Van Duc');
  });
});

describe('calendar', () => {
  it('reports quarterly before 07/2025 and monthly after for payment platforms, up to 2026-09', () => {
    expect(platformPeriods(2025, true).map((p) => p.code)).toEqual(['2025-Q1', '2025-Q2', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']);
    expect(platformPeriods(2026, false).map((p) => p.code)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(quartersOf(2026)).toHaveLength(3);
    expect(isoDate(epochDayOf(2024, 2, 29))).toBe('2024-02-29');
    expect(epochDay('2026-11-23')).toBe(epochDayOf(2026, 11, 23));
  });
});

describe('signal rules', () => {
  const facts = (over: Partial<PersonYearFacts>): PersonYearFacts => ({
    year: 2026,
    registered: true,
    revenueByPlatform: new Map([['a', 2_000_000_000]]),
    declared: 2_000_000_000,
    withheldRevenue: 0,
    invoiced: 2_000_000_000,
    withholdingErrors: 0,
    ...over,
  });

  it('raises each signal on its own rule', () => {
    expect(evaluateSignals(facts({}))).toEqual([]);
    expect(evaluateSignals(facts({ registered: false, declared: 0, invoiced: 0 }))).toEqual(['UNREGISTERED']);
    expect(evaluateSignals(facts({ declared: 0 }))).toEqual(['NOT_FILED']);
    expect(evaluateSignals(facts({ declared: 600_000_000 }))).toEqual(['UNDER_DECLARED']);
    expect(evaluateSignals(facts({ invoiced: 0 }))).toEqual(['INVOICE_GAP']);
    expect(evaluateSignals(facts({ withholdingErrors: 2 }))).toEqual(['WITHHOLDING_ERROR']);
    const split = new Map([['a', 650_000_000], ['b', 680_000_000]]);
    expect(evaluateSignals(facts({ revenueByPlatform: split, declared: 0, invoiced: 0, registered: false }))).toEqual(['UNREGISTERED', 'SPLIT_ACROSS_PLATFORMS']);
    expect(evaluateSignals(facts({ year: 2025, revenueByPlatform: new Map([['a', 60_000_000]]), declared: 0, invoiced: 0 }))).toEqual([]);
  });
});

describe('invoice benchmark mode', () => {
  it('writes exactly N valid invoice lines and a manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-invoices-'));
    try {
      const s = await generateInvoiceLines({ lines: 5_003, seed: 9, outDir: dir });
      expect(s.lines).toBe(5_003);
      const { rows } = readCsv(dir, 'authority/invoices.csv');
      expect(rows).toHaveLength(5_003);
      const keys = new Set(rows.map((r) => `${r.seller_tax_code}|${r.form}/${r.series}/${r.number}`));
      expect(keys.size).toBe(5_003);
      for (const r of rows) {
        expect(isValidTaxCode(String(r.seller_tax_code))).toBe(true);
        expect(String(r.series).slice(1, 3)).toBe(String(r.issued_on).slice(2, 4));
        expect(Number(r.total_payable)).toBe(Number(r.total_before_tax) + Number(r.tax_amount));
      }
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.files).toEqual([{ path: 'authority/invoices.csv', kind: 'invoices', source: 'authority', contentType: 'text/csv', rows: 5_003 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Writes one seller (or registry filler) at a time into every file of the world. A seller's story —
 * shops, revenue, declarations, invoices — is planned in memory, checked against the rules' clear
 * bands, then written out: nothing about a seller outlives its turn, so memory stays flat.
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Account, planAccounts } from './accounts';
import { BAD_ROW_CYCLE, BadRowPlan, badRevenue, spoilSeller } from './bad-rows';
import { isoDate } from './calendar';
import { Declaration, drawConduct, planDeclarations } from './declarations';
import { docRefId, DPI_FOOTER, dpiHeader, dpiIdentity, DpiQuarter, messageRefId, quartersOfAccount, reportableSellerXml } from './dpi';
import { Permutation } from './ids';
import { hdonXml, invoiceFile, invoiceFileName, Party, tdiepFile } from './invoice-xml';
import { BuyerSource, Invoice, invoiceKey, planInvoices } from './invoices';
import { ResolvedOptions } from './options';
import { Population, Seller } from './people';
import { buildSellerRecord, recordText, revenueText } from './platform-records';
import { DPI_PLATFORM, PlatformDef, REVENUE_COLUMNS, SELLER_COLUMNS } from './platforms';
import { labelCode, Rng } from './prng';
import { expectedWithholding, planRevenue, RevenueRow } from './revenue';
import { ambiguities, evaluateSignals, PersonYearFacts, Signal, SIGNALS } from './rules';
import { registryLines } from './registry-rows';
import { csvLine } from './sinks';
import { allFacts, isWithholdingError, personLine, personYearLine } from './truth';
import { WorldFiles } from './world-files';

const MAX_ATTEMPTS = 12;
const DPI_TIMESTAMPS: Record<number, string> = { 2025: '2026-01-31T09:00:00', 2026: '2026-10-31T09:00:00' };

export interface WorldStats {
  shops: number;
  revenueRows: number;
  dpiRecords: number;
  dpiCorrections: number;
  invoices: number;
  invoiceXml: number;
  declarations: number;
  badRows: number;
  replanned: number;
  flags: Record<Signal, Record<number, number>>;
}

export class WorldWriter {
  readonly stats: WorldStats = {
    shops: 0, revenueRows: 0, dpiRecords: 0, dpiCorrections: 0, invoices: 0, invoiceXml: 0, declarations: 0, badRows: 0, replanned: 0,
    flags: Object.fromEntries(SIGNALS.map((s) => [s, { 2025: 0, 2026: 0 }])) as unknown as Record<Signal, Record<number, number>>,
  };
  private readonly refs = new Map<string, { perm: Permutation; next: number }>();
  private readonly buyers: BuyerSource;
  private readonly badEvery: number;
  private badPending = false;
  private invoiceSeq = 0;
  private tdiepWritten = false;
  private pendingWrites: Promise<void>[] = [];
  private readonly xmlDir: string;

  constructor(private readonly opts: ResolvedOptions, private readonly pop: Population, private readonly files: WorldFiles) {
    this.buyers = {
      fillers: pop.fillers,
      isBusiness: (j) => pop.fillerIsBusinessAt(j),
      taxCode: (j) => pop.ids.taxCode(opts.sellers + j, true),
    };
    this.badEvery = Math.max(1, Math.floor(opts.sellers / Math.max(1, opts.badRows)));
    this.xmlDir = join(opts.outDir, 'authority/invoices-xml');
    mkdirSync(this.xmlDir, { recursive: true });
    const dpi = files.platformSinks(DPI_PLATFORM.code);
    for (const [year, sink] of dpi.dpi) sink.raw(dpiHeader(DPI_PLATFORM, year, 'new', DPI_TIMESTAMPS[year]));
    dpi.dpiCorrections!.raw(dpiHeader(DPI_PLATFORM, 2025, 'correction', '2026-03-16T09:00:00'));
  }

  writeSeller(index: number): void {
    const { seed } = this.opts;
    const seller = this.pop.seller(index);
    const accounts = planAccounts(seller, Rng.for(seed, 'accounts', index));
    const conduct = drawConduct(seller, Rng.for(seed, 'conduct', index));
    let rows: RevenueRow[] = [];
    let declarations: Declaration[] = [];
    let invoices: Invoice[] = [];
    let facts: PersonYearFacts[] = [];
    for (let attempt = 0; ; attempt++) {
      rows = planRevenue(seller, accounts, Rng.for(seed, 'revenue', index, attempt));
      declarations = planDeclarations(seller, rows, conduct, this.opts.asOf, Rng.for(seed, 'declarations', index, attempt));
      invoices = planInvoices(seller, rows, conduct, this.buyers, Rng.for(seed, 'invoices', index, attempt));
      facts = allFacts(seller, rows, declarations, invoices);
      const problems = facts.flatMap(ambiguities);
      if (!problems.length) break;
      // Rare (an invoice rounding, a replacement that shifts a ratio): draw the seller's numbers again.
      this.stats.replanned++;
      if (attempt + 1 >= MAX_ATTEMPTS) throw new Error(`${seller.id} (${seller.behaviour}) stays ambiguous: ${problems.join('; ')}`);
    }
    for (const a of accounts) a.ref = this.nextRef(a.platform);

    for (const line of registryLines(seller, Rng.for(seed, 'registry', index))) this.files.taxpayers.push(line);
    for (const d of declarations) this.files.declarations.push(`${d.taxCode},${d.period},${d.declared},${d.taxPaid},${d.filedOn}`);
    this.stats.declarations += declarations.length;
    this.writeInvoices(seller, invoices, Rng.for(seed, 'invoice-files', index));
    this.writeShops(seller, accounts, rows, Rng.for(seed, 'noise', index));
    this.maybeBadRow(index, seller, accounts, rows);
    this.writeTruth(seller, rows, facts);
  }

  writeFiller(j: number): void {
    for (const line of registryLines(this.pop.filler(j), Rng.for(this.opts.seed, 'filler-registry', j))) this.files.taxpayers.push(line);
  }

  async flush(): Promise<void> {
    const writes = this.pendingWrites;
    this.pendingWrites = [];
    await Promise.all(writes);
    await this.files.sinks.flushFull();
  }

  async finish(): Promise<void> {
    const dpi = this.files.platformSinks(DPI_PLATFORM.code);
    for (const sink of dpi.dpi.values()) sink.raw(DPI_FOOTER);
    dpi.dpiCorrections!.raw(DPI_FOOTER);
    await Promise.all(this.pendingWrites);
    this.pendingWrites = [];
    await this.files.sinks.closeAll();
  }

  /** Platform seller codes look random (a bijection of a counter), are unique per platform, and never reused. */
  private nextRef(platform: PlatformDef): string {
    let r = this.refs.get(platform.code);
    if (!r) {
      r = { perm: new Permutation(90_000_000, this.opts.seed ^ labelCode(platform.code)), next: 0 };
      this.refs.set(platform.code, r);
    }
    return `${platform.refPrefix}${10_000_000 + r.perm.apply(r.next++)}`;
  }

  private writeShops(seller: Seller, accounts: Account[], rows: RevenueRow[], rng: Rng): void {
    for (const account of accounts) {
      this.stats.shops++;
      const built = buildSellerRecord(seller, account, rng);
      const mine = rows.filter((r) => r.account === account);
      this.files.truth.sellers.push(csvLine([account.platform.code, account.ref, seller.id, account.taxEntityCode]));
      const sinks = this.files.platformSinks(account.platform.code);
      if (account.platform === DPI_PLATFORM) {
        this.writeDpi(seller, account, mine, built, rng);
        continue;
      }
      const sellersSink = sinks.sellers!;
      sellersSink.push(
        recordText(account.platform.sellersFormat, SELLER_COLUMNS, built.record),
        built.invalidTaxCode ? (row) => this.badRow(sellersSink.path, row, 'tax_code', 'TAX_CODE_CHECK_DIGIT') : undefined,
      );
      for (const r of mine) sinks.revenue!.push(revenueText(account.platform.revenueFormat, r));
      this.stats.revenueRows += mine.length;
    }
  }

  private writeDpi(seller: Seller, account: Account, rows: RevenueRow[], built: ReturnType<typeof buildSellerRecord>, rng: Rng): void {
    const sinks = this.files.platformSinks(DPI_PLATFORM.code);
    // A mistyped TIN is a tabular-file error case; the DPI file carries the code as registered instead.
    const tin = built.invalidTaxCode ? account.taxEntityCode : built.tin;
    const identity = dpiIdentity(seller, tin, built.address, built.birthDate, rng.chance(0.5));
    for (const [year, sink] of sinks.dpi) {
      const quarters = quartersOfAccount(account, rows, year);
      if (quarters.every((q) => q.cons === 0)) continue;
      const original = docRefId(DPI_PLATFORM, year, account.ref);
      const corrected = year === 2025 && (this.stats.dpiCorrections < 2 || rng.chance(0.04));
      // Whatever key an intake derives for a DPI seller (TIN, DocRefId…), this maps its records to people.
      const trace = (file: string, doc: string, type: string, corr: string, superseded: boolean) =>
        this.files.truth.dpiRecords.push(csvLine([DPI_PLATFORM.code, file, doc, type, corr, year, account.ref, seller.id, superseded ? 'true' : 'false']));
      trace(sink.path, original, 'OECD1', '', corrected);
      if (!corrected) {
        sink.raw(reportableSellerXml(identity, quarters, { type: 'OECD1', docRefId: original }));
        sink.countRecord();
        this.stats.dpiRecords++;
        continue;
      }
      // The first report was wrong (an inflated quarter, or no TIN); the correction restates the record.
      let wrongQuarters: DpiQuarter[] = quarters;
      let wrongIdentity = identity;
      if (identity.tin && rng.chance(0.5)) wrongIdentity = { ...identity, tin: '' };
      else {
        const k = quarters.findIndex((q) => q.cons > 0);
        wrongQuarters = quarters.map((q, i) => (i === k ? { ...q, cons: Math.round(q.cons * 1.5) } : q));
      }
      sink.raw(reportableSellerXml(wrongIdentity, wrongQuarters, { type: 'OECD1', docRefId: original }));
      sink.countRecord();
      sinks.dpiCorrections!.raw(
        reportableSellerXml(identity, quarters, {
          type: 'OECD2',
          docRefId: docRefId(DPI_PLATFORM, year, account.ref, 1),
          corrMessageRefId: messageRefId(DPI_PLATFORM, year, 'new'),
          corrDocRefId: original,
        }),
      );
      sinks.dpiCorrections!.countRecord();
      trace(sinks.dpiCorrections!.path, docRefId(DPI_PLATFORM, year, account.ref, 1), 'OECD2', original, false);
      this.stats.dpiRecords++;
      this.stats.dpiCorrections++;
    }
  }

  private writeInvoices(seller: Seller, invoices: Invoice[], rng: Rng): void {
    if (!invoices.length) return;
    this.stats.invoices += invoices.length;
    let batch: Invoice[] = [];
    if (!this.tdiepWritten && invoices.length >= 3 && (seller.kind === 'business' || this.invoiceSeq > 200)) {
      batch = invoices.filter((inv) => inv.sellerCode === invoices[0].sellerCode).slice(0, 8);
      this.tdiepWritten = true;
    }
    const sellerParty: Party = { name: seller.name, taxCode: '', address: seller.reg!.address };
    const hdons: string[] = [];
    for (const inv of invoices) {
      const seq = this.invoiceSeq++;
      const party = { ...sellerParty, taxCode: inv.sellerCode };
      if (batch.includes(inv)) {
        hdons.push(hdonXml(inv, party, this.buyerParty(inv), seller.category, rng, 2));
        continue;
      }
      if (this.files.invoiceXml.size < this.opts.maxInvoiceXmlFiles && (seq < 6 || rng.chance(0.004))) {
        const path = `authority/invoices-xml/${invoiceFileName(inv)}`;
        this.files.invoiceXml.set(path, 1);
        this.pendingWrites.push(writeFile(join(this.opts.outDir, path), invoiceFile(hdonXml(inv, party, this.buyerParty(inv), seller.category, rng))));
        this.stats.invoiceXml++;
        continue;
      }
      // Every field is a code, a date or an integer: nothing to quote.
      this.files.invoices.push(
        `${inv.sellerCode},${inv.form},${inv.series},${inv.number},${isoDate(inv.issuedDay)},${inv.buyerCode},${inv.before},${inv.tax},${inv.payable},${inv.replaces ? invoiceKey(inv.replaces) : ''}`,
      );
    }
    if (hdons.length) {
      const path = 'authority/invoices-xml/tdiep-batch-0001.xml';
      this.files.invoiceXml.set(path, hdons.length);
      this.stats.invoiceXml += hdons.length;
      this.pendingWrites.push(writeFile(join(this.opts.outDir, path), tdiepFile(`DEMO-${this.opts.seed}-0001`, batch[0].sellerCode, hdons)));
    }
  }

  private buyerParty(inv: Invoice): Party | null {
    if (inv.buyer < 0) return null;
    const company = this.pop.filler(inv.buyer);
    return { name: company.name, taxCode: inv.buyerCode, address: company.reg?.address ?? '' };
  }

  private maybeBadRow(index: number, seller: Seller, accounts: Account[], rows: RevenueRow[]): void {
    if (this.stats.badRows >= this.opts.badRows) return;
    if (!this.badPending && index % this.badEvery !== 0) return;
    const candidates = accounts.filter((a) => a.platform !== DPI_PLATFORM);
    if (!candidates.length) {
      this.badPending = true;
      return;
    }
    this.badPending = false;
    const n = this.stats.badRows++;
    const plan: BadRowPlan = BAD_ROW_CYCLE[n % BAD_ROW_CYCLE.length];
    const account = candidates[n % candidates.length];
    const sinks = this.files.platformSinks(account.platform.code);
    const rng = Rng.for(this.opts.seed, 'bad-row', index);
    if (plan.target === 'sellers') {
      const extra: Account = { ...account, ref: this.nextRef(account.platform) };
      const built = buildSellerRecord(seller, extra, rng);
      // One error per row: an extra shop never also carries a mistyped tax code.
      const record = spoilSeller({ ...built.record, tax_code: built.invalidTaxCode ? '' : built.record.tax_code }, plan, rng);
      const sink = sinks.sellers!;
      sink.push(recordText(account.platform.sellersFormat, SELLER_COLUMNS, record), (row) => this.badRow(sink.path, row, plan.field, plan.code));
    } else {
      const used = new Set(rows.filter((r) => r.account === account).map((r) => r.period.code));
      const sink = sinks.revenue!;
      const record = badRevenue(account.ref, account.platform, used, plan, rng);
      sink.push(recordText(account.platform.revenueFormat, REVENUE_COLUMNS, record), (row) => this.badRow(sink.path, row, plan.field, plan.code));
    }
  }

  private badRow(file: string, row: number, field: string, code: string): void {
    this.files.truth.badRows.push(csvLine([file, row, field, code]));
  }

  private writeTruth(seller: Seller, rows: RevenueRow[], facts: PersonYearFacts[]): void {
    const t = this.files.truth;
    t.persons.push(personLine(seller));
    for (const f of facts) {
      const signals = evaluateSignals(f);
      const total = [...f.revenueByPlatform.values()].reduce((s, v) => s + v, 0);
      if (total > 0 || f.declared > 0 || f.invoiced > 0) t.personYears.push(personYearLine(seller, f, signals));
      for (const s of signals) {
        t.flags.push(csvLine([seller.id, f.year, s]));
        this.stats.flags[s][f.year]++;
      }
    }
    const isPerson = seller.kind === 'person';
    for (const r of rows) {
      if (!isWithholdingError(r, isPerson)) continue;
      const e = expectedWithholding(r, isPerson);
      t.withholdingErrors.push(
        csvLine([r.account.platform.code, r.account.ref, r.period.code, seller.id, r.account.reportedCategory, r.net, r.vat, r.pit, e.vat, e.pit]),
      );
    }
  }
}

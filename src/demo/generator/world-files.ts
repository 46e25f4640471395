/** The files of a demo world, their formats, and the manifest that lists them in push order. */
import { FileSink, RowFormat, SinkSet } from './sinks';
import { DPI_PLATFORM, PlatformDef, PLATFORMS, REVENUE_COLUMNS, SELLER_COLUMNS } from './platforms';
import { Rng } from './prng';
import { TRUTH_COLUMNS } from './truth';

export const TAXPAYER_COLUMNS = ['tax_code', 'national_id', 'previous_tax_codes', 'name', 'date_of_birth', 'phone', 'email', 'address', 'province', 'business_category', 'status', 'registered_on'] as const;
export const DECLARATION_COLUMNS = ['tax_code', 'period', 'declared_revenue', 'tax_paid', 'filed_on'] as const;
export const INVOICE_COLUMNS = ['seller_tax_code', 'form', 'series', 'number', 'issued_on', 'buyer_tax_code', 'total_before_tax', 'tax_amount', 'total_payable', 'replaces'] as const;

export type FileKind = 'taxpayers' | 'declarations' | 'invoices' | 'sellers' | 'revenue' | 'dpi';
export type ContentType = 'text/csv' | 'application/json' | 'application/x-ndjson' | 'application/xml';

export interface ManifestFile {
  path: string;
  kind: FileKind;
  source: 'authority' | 'platform';
  platform?: string;
  contentType: ContentType;
  rows: number;
}

export const MANIFEST_FORMAT = 'ecom-tax-demo-world/1';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  seed: number;
  sellers: number;
  asOf: string;
  rulesVersion: string;
  platforms: { code: string; name: string; paymentFunction: boolean; reporting: string; format: string }[];
  /** In the order a demo should push them. */
  files: ManifestFile[];
  /** Answer files: never pushed to the service. */
  truth: { path: string; rows: number }[];
}

const EXT: Record<RowFormat, string> = { csv: 'csv', json: 'json', ndjson: 'ndjson', raw: 'xml' };
const CONTENT: Record<RowFormat, ContentType> = { csv: 'text/csv', json: 'application/json', ndjson: 'application/x-ndjson', raw: 'application/xml' };

export interface PlatformSinks {
  platform: PlatformDef;
  sellers: FileSink | null;
  revenue: FileSink | null;
  dpi: Map<number, FileSink>;
  dpiCorrections: FileSink | null;
}

export class WorldFiles {
  readonly sinks = new SinkSet();
  readonly taxpayers: FileSink;
  readonly declarations: FileSink;
  readonly invoices: FileSink;
  readonly platforms: PlatformSinks[];
  readonly truth: Record<keyof typeof TRUTH_COLUMNS, FileSink>;
  /** Stand-alone e-invoice XML files and the TDiep batch: path → number of invoices. */
  readonly invoiceXml = new Map<string, number>();

  constructor(readonly root: string, seed: number) {
    const csv = (path: string, header: readonly string[], shuffle?: string) =>
      this.sinks.add(new FileSink(root, path, 'csv', header, shuffle ? { window: 1024, rng: Rng.for(seed, shuffle) } : undefined));
    this.taxpayers = csv('authority/taxpayers.csv', TAXPAYER_COLUMNS, 'shuffle-taxpayers');
    this.declarations = csv('authority/declarations.csv', DECLARATION_COLUMNS, 'shuffle-declarations');
    this.invoices = csv('authority/invoices.csv', INVOICE_COLUMNS);
    this.platforms = PLATFORMS.map((platform) => {
      const dir = `platforms/${platform.code}`;
      if (platform === DPI_PLATFORM) {
        const dpi = new Map<number, FileSink>();
        for (const year of [2025, 2026]) dpi.set(year, this.sinks.add(new FileSink(root, `${dir}/dpi-${year}.xml`, 'raw')));
        const corr = this.sinks.add(new FileSink(root, `${dir}/dpi-2025-corrections.xml`, 'raw'));
        return { platform, sellers: null, revenue: null, dpi, dpiCorrections: corr };
      }
      const sellers = this.sinks.add(
        new FileSink(root, `${dir}/sellers.${EXT[platform.sellersFormat as RowFormat]}`, platform.sellersFormat as RowFormat, SELLER_COLUMNS, {
          window: 512,
          rng: Rng.for(seed, `shuffle-${platform.code}`),
        }),
      );
      const revenue = this.sinks.add(
        new FileSink(root, `${dir}/revenue.${EXT[platform.revenueFormat as RowFormat]}`, platform.revenueFormat as RowFormat, REVENUE_COLUMNS),
      );
      return { platform, sellers, revenue, dpi: new Map(), dpiCorrections: null };
    });
    this.truth = {
      persons: csv('truth/persons.csv', TRUTH_COLUMNS.persons),
      sellers: csv('truth/sellers.csv', TRUTH_COLUMNS.sellers),
      flags: csv('truth/flags.csv', TRUTH_COLUMNS.flags),
      personYears: csv('truth/person-years.csv', TRUTH_COLUMNS.personYears),
      withholdingErrors: csv('truth/withholding-errors.csv', TRUTH_COLUMNS.withholdingErrors),
      badRows: csv('truth/bad-rows.csv', TRUTH_COLUMNS.badRows),
      dpiRecords: csv('truth/dpi-records.csv', TRUTH_COLUMNS.dpiRecords),
    };
  }

  platformSinks(code: string): PlatformSinks {
    return this.platforms.find((p) => p.platform.code === code)!;
  }

  manifestFiles(): ManifestFile[] {
    const files: ManifestFile[] = [
      { path: this.taxpayers.path, kind: 'taxpayers', source: 'authority', contentType: 'text/csv', rows: this.taxpayers.rows },
      { path: this.declarations.path, kind: 'declarations', source: 'authority', contentType: 'text/csv', rows: this.declarations.rows },
      { path: this.invoices.path, kind: 'invoices', source: 'authority', contentType: 'text/csv', rows: this.invoices.rows },
    ];
    for (const [path, rows] of [...this.invoiceXml].sort(([a], [b]) => a.localeCompare(b))) {
      files.push({ path, kind: 'invoices', source: 'authority', contentType: 'application/xml', rows });
    }
    for (const p of this.platforms) {
      const platform = p.platform.code;
      if (p.sellers && p.revenue) {
        files.push({ path: p.sellers.path, kind: 'sellers', source: 'platform', platform, contentType: CONTENT[p.sellers.format], rows: p.sellers.rows });
        files.push({ path: p.revenue.path, kind: 'revenue', source: 'platform', platform, contentType: CONTENT[p.revenue.format], rows: p.revenue.rows });
      }
      for (const sink of [...p.dpi.values(), ...(p.dpiCorrections ? [p.dpiCorrections] : [])]) {
        files.push({ path: sink.path, kind: 'dpi', source: 'platform', platform, contentType: 'application/xml', rows: sink.rows });
      }
    }
    return files;
  }

  truthFiles(): { path: string; rows: number }[] {
    return Object.values(this.truth).map((s) => ({ path: s.path, rows: s.rows }));
  }
}

import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { BatchKindHandler, MergeContext, MergeResult } from '../batch-kind';
import { IntakeKind } from '../intake-kind.decorator';
import { DPI_COLUMNS, readDpiXml } from '../readers/dpi-xml';
import { StagedRecord } from '../readers/flat-json';
import { columnReader, Params, run } from '../merge/merge-sql';
import { ensureEndSet, endCoveredPeriods, writeRevenue } from '../merge/revenue-merge';
import { MAX_REF, validateSellers, writeSellers } from '../merge/seller-merge';

const FIGURES = ['cons', 'numb', 'fees', 'tax'];
const QUARTER_COLUMNS = FIGURES.flatMap((f) => [1, 2, 3, 4].map((q) => `${f}_q${q}`));
const PERSONAL = `'^([0-9]{9}|[0-9]{12})$'`;
const YEAR = `'^[1-9][0-9]{3}$'`;
/** First day of a quarter of a reporting year given as text; NULL (never a cast error) when the year is not one. */
const quarterStart = (year: string, q: string | number) =>
  `CASE WHEN ${year} ~ ${YEAR} THEN make_date(${year}::int, (${q} - 1) * 3 + 1, 1) END`;

/**
 * OECD DPI (DAC7) XML: one ReportableSeller record carries a seller's identity and four quarters of
 * Consideration/NumberOfActivities/Fees/Taxes, so a DPI batch feeds sellers and revenue at once.
 *
 * Seller key: DPI has no platform seller code, so `seller_ref` is `TIN:<MST>` for a valid 10/13-digit tax code,
 * `PID:<blind index>` for a personal ID (never the ID itself), else `DOC:<DocRefId>`. OECD2/OECD3 records resolve
 * the seller through CorrDocRefId instead, so a corrected identity stays the same platform seller.
 * TaxQn is tax the platform withheld, reported without a VAT/PIT split: it is kept whole in `tax_withheld` with
 * `withholding_split = false` rather than split by guessed rates (vat/pit_withheld stay 0), so reconciliation
 * can compare totals without mistaking an invented split for reported data.
 */
@IntakeKind()
@Injectable()
export class DpiKind implements BatchKindHandler {
  readonly kind = 'dpi' as const;
  readonly source = 'platform' as const;
  readonly columns = DPI_COLUMNS;
  readonly requiredColumns = [] as string[];
  readonly grownTables = ['platform_sellers', 'seller_observations', 'revenue_observations', 'current_revenue'];
  readonly formats = ['xml'] as const;

  readXml(body: Readable): AsyncIterable<StagedRecord> {
    return readDpiXml(body);
  }

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const p: Params = [ctx.batch.id, ctx.batch.platformId, ctx.today, ctx.piiEncryptionKey, ctx.piiIndexKey];
    await this.resolveRecords(ctx, p);
    await validateSellers(ctx.client, p, {
      from: 'intake_dpi',
      field: (name) => (['shop_name', 'phone', 'email'].includes(name) ? 'NULL::text' : `s.${name}`),
      required: [],
      extra: ['s.is_deleted', 's.resent', 's.doc_ref_id', 's.corr_doc_ref_id', 's.extra_field', 's.extra_error', 's.doc_type',
        's.reporting_year', 's.activity', ...QUARTER_COLUMNS.map((c) => `s.${c}`)],
    });
    const counts = await writeSellers(ctx.client, p, ctx.batch.mode === 'replacement');
    await this.quarters(ctx, p);
    if (ctx.batch.mode === 'replacement') await endCoveredPeriods(ctx.client, p);
    await ensureEndSet(ctx.client);
    // A correction or deletion ends every current figure of the record it corrects (the correction reports its own).
    await run(ctx.client,
      `INSERT INTO intake_revenue_end (seller_id, period)
       SELECT cr.seller_id, cr.period FROM intake_sellers v
         JOIN platform_sellers ps ON ps.platform_id = $2 AND ps.seller_ref = v.seller_ref
         JOIN current_revenue cr ON cr.seller_id = ps.id
         JOIN revenue_observations ro ON ro.id = cr.observation_id AND ro.doc_ref_id = v.corr_doc_ref_id
        WHERE v.accepted AND v.doc_type IN ('OECD2', 'OECD3')`,
      p,
    );
    await writeRevenue(ctx.client, p);
    return counts;
  }

  /** Trims the staged records, finds the seller each correction points at, and decides record-level rejections. */
  private async resolveRecords(ctx: MergeContext, p: Params): Promise<void> {
    const f = columnReader(new Set(DPI_COLUMNS));
    const amountChecks = [
      ...QUARTER_COLUMNS.map((c) => `WHEN ect_amount_error(${f(c)}) IS NOT NULL THEN ARRAY['${c}', ect_amount_error(${f(c)})]`),
      // NumberOfActivities lands in an integer column.
      ...[1, 2, 3, 4].map((q) => `WHEN ect_amount_value(${f(`numb_q${q}`)}) > 2147483647 THEN ARRAY['numb_q${q}', 'AMOUNT_OUT_OF_RANGE']`),
    ];
    const futureChecks = [1, 2, 3, 4].map((q) =>
      `WHEN ${quarterStart(f('reporting_year'), q)} > $3::date
            AND coalesce(ltrim(${f(`cons_q${q}`)}, '0'), '') || coalesce(ltrim(${f(`numb_q${q}`)}, '0'), '') <> '' THEN ARRAY['cons_q${q}', 'PERIOD_IN_FUTURE']`);
    await run(ctx.client,
      `CREATE TEMP TABLE intake_dpi ON COMMIT DROP AS
       SELECT x.*, x.problem[1] AS extra_field, x.problem[2] AS extra_error,
              CASE WHEN x.doc_type IN ('OECD2', 'OECD3') THEN x.target_ref
                   WHEN ect_tax_code_error(x.tax_code, $3::date) IS NULL AND length(ect_tax_code_normalize(x.tax_code)) IN (10, 14)
                     THEN 'TIN:' || ect_tax_code_normalize(x.tax_code)
                   WHEN coalesce(ect_tax_code_normalize(x.tax_code), ect_national_id_normalize(x.national_id)) ~ ${PERSONAL}
                     THEN 'PID:' || encode(substring(hmac(convert_to(coalesce(ect_tax_code_normalize(x.tax_code), ect_national_id_normalize(x.national_id)), 'UTF8'), $5, 'sha256') FROM 1 FOR 16), 'hex')
                   ELSE 'DOC:' || x.doc_ref_id END AS seller_ref
         FROM (
           SELECT s.row_number, ${DPI_COLUMNS.filter((c) => c !== 'doc_type').map((c) => `${f(c)} AS ${c}`).join(', ')},
                  upper(${f('doc_type')}) AS doc_type,
                  upper(${f('doc_type')}) = 'OECD3' AS is_deleted, upper(${f('doc_type')}) = 'OECD0' AS resent,
                  t.seller_ref AS target_ref,
                  CASE WHEN upper(${f('doc_type')}) IS NULL OR upper(${f('doc_type')}) NOT IN ('OECD0', 'OECD1', 'OECD2', 'OECD3') THEN ARRAY['doc_type', 'DOC_TYPE_INVALID']
                       WHEN ${f('doc_ref_id')} IS NULL THEN ARRAY['doc_ref_id', 'REQUIRED_FIELD_MISSING']
                       WHEN length(${f('doc_ref_id')}) > ${MAX_REF} OR length(${f('corr_doc_ref_id')}) > ${MAX_REF} THEN ARRAY['doc_ref_id', 'VALUE_TOO_LONG']
                       WHEN upper(${f('doc_type')}) IN ('OECD2', 'OECD3') AND ${f('corr_doc_ref_id')} IS NULL THEN ARRAY['corr_doc_ref_id', 'CORR_DOC_REF_MISSING']
                       WHEN upper(${f('doc_type')}) IN ('OECD2', 'OECD3') AND t.seller_ref IS NULL THEN ARRAY['corr_doc_ref_id', 'CORR_DOC_REF_UNKNOWN']
                       WHEN upper(${f('doc_type')}) IN ('OECD1', 'OECD2') AND EXISTS (SELECT 1 FROM seller_observations so JOIN platform_sellers ps ON ps.id = so.seller_id
                              WHERE so.doc_ref_id = ${f('doc_ref_id')} AND ps.platform_id = $2) THEN ARRAY['doc_ref_id', 'DOC_REF_ID_DUPLICATE']
                       WHEN upper(${f('doc_type')}) IN ('OECD1', 'OECD2') AND ${f('seller_name')} IS NULL THEN ARRAY['seller_name', 'REQUIRED_FIELD_MISSING']
                       WHEN upper(${f('doc_type')}) IN ('OECD1', 'OECD2') AND coalesce(${f('reporting_year')}, '') !~ ${YEAR} THEN ARRAY['reporting_year', 'REPORTING_PERIOD_INVALID']
                       ${amountChecks.join('\n                       ')}
                       ${futureChecks.join('\n                       ')}
                  END AS problem
             FROM ${ctx.stagingTable} s
             LEFT JOIN LATERAL (SELECT ps.seller_ref FROM seller_observations so JOIN platform_sellers ps ON ps.id = so.seller_id AND ps.platform_id = $2
                                 WHERE so.doc_ref_id = ${f('corr_doc_ref_id')} ORDER BY so.id DESC LIMIT 1) t ON true
           OFFSET 0) x`,
      p,
    );
  }

  /** The accepted new/corrected records' quarters become revenue rows (a quarter with no figure at all is skipped). */
  private async quarters(ctx: MergeContext, p: Params): Promise<void> {
    const q = (n: number) => `(${n}, ${FIGURES.map((fig) => `v.${fig}_q${n}`).join(', ')})`;
    await run(ctx.client,
      `CREATE TEMP TABLE intake_revenue ON COMMIT DROP AS
       SELECT v.row_number, v.seller_ref, v.reporting_year || '-Q' || q.n AS period,
              ${quarterStart('v.reporting_year', 'q.n')} AS period_start,
              coalesce(ect_amount_value(q.cons), 0) AS gross_revenue, ect_amount_value(q.numb) AS order_count,
              0::bigint AS refunds, coalesce(ect_amount_value(q.fees), 0) AS fees, 0::bigint AS vat_withheld, 0::bigint AS pit_withheld,
              coalesce(ect_amount_value(q.tax), 0) AS tax_withheld, false AS withholding_split, v.activity, v.doc_ref_id, v.corr_doc_ref_id,
              true AS accepted
         FROM intake_sellers v
         CROSS JOIN LATERAL (VALUES ${[1, 2, 3, 4].map(q).join(', ')}) AS q(n, cons, numb, fees, tax)
        WHERE v.accepted AND v.doc_type IN ('OECD1', 'OECD2')
          AND coalesce(q.cons, q.numb, q.fees, q.tax) IS NOT NULL
          AND ${quarterStart('v.reporting_year', 'q.n')} <= $3::date`,
      p,
    );
  }
}

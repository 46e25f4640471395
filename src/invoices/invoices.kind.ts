import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { BatchKindHandler, MergeContext, MergeResult } from '../intake/batch-kind';
import { IntakeKind } from '../intake/intake-kind.decorator';
import { stagedColumns } from '../intake/merge/merge-sql';
import { countRows, createProblemTable, fieldReader, outcome, writeProblems } from '../registry/authority-sql';
import { classifySkippedBulkRows, findRest, loadBulk, takeBackSeriesYearMismatches } from './invoice-bulk-load';
import { bulkPredicate, unfitValues } from './invoice-bulk-predicate';
import { insertCandidates } from './invoice-candidates';
import { INVOICE_COLUMNS, INVOICE_REQUIRED_COLUMNS, InvoiceRecord } from './invoice-columns';
import { takeBackCrossMonthRepeats } from './invoice-identity';
import { batchMonths, buildLookups } from './invoice-lookups';
import { splitMonths } from './invoice-partitions';
import { applyRelations } from './invoice-relations';
import { checkRemainingRows } from './invoice-rows';
import { applyTotals, createTotals, insertedLineCount } from './invoice-totals';
import { readInvoiceXml } from './invoice-xml.reader';

/**
 * E-invoices from the tax authority: one record per invoice (CSV/JSON export, or GDT XML), stored as lines
 * of `invoice_lines` partitioned by month of issue, with per-seller monthly totals in `invoice_aggregates`
 * moved by each batch's deltas in the same transaction (the matcher reads aggregates, never lines).
 *
 * The merge: lookups over distinct values → partitions → the bulk INSERT of canonical lines → the checked
 * path for the rest (only when there is a rest) → cross-month identity check → replacements/adjustments →
 * totals → row errors. Authority batches are merged one at a time (intake locks the `authority` scope), so
 * two invoice merges never race on the same identity.
 */
@IntakeKind()
@Injectable()
export class InvoicesKind implements BatchKindHandler {
  readonly kind = 'invoices' as const;
  readonly source = 'authority' as const;
  readonly columns = INVOICE_COLUMNS;
  readonly requiredColumns = INVOICE_REQUIRED_COLUMNS;
  readonly grownTables = ['invoice_aggregates', 'invoice_series_months'];

  private readonly logger = new Logger(InvoicesKind.name);

  readXml(body: Readable): AsyncIterable<InvoiceRecord> {
    return readInvoiceXml(body);
  }

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const { client, batch, stagingTable: staging } = ctx;
    const xml = batch.format === 'xml';
    const present = await stagedColumns(client, staging);
    const step = stepTimer();
    await createProblemTable(client);
    await createTotals(client);
    await buildLookups(client, staging, present, ctx.today, ctx.piiIndexKey);
    const months = await splitMonths(client, await batchMonths(client));
    step('lookups');

    let rest = await findRest(client, staging, bulkPredicate(present, xml, await unfitValues(client)));
    step('predicate');
    await loadBulk(client, batch.id, staging, present, months, step);
    rest += await takeBackSeriesYearMismatches(client, batch.id, staging);
    const total = await countRows(client, staging);
    const bulkInserted = await insertedLineCount(client);
    step('series_year');
    if (bulkInserted + rest < total) await classifySkippedBulkRows(client, batch.id, staging, present);
    if (rest > 0) {
      await checkRemainingRows(client, await fieldReader(client, staging, present), xml, ctx.today, ctx.piiIndexKey);
      await insertCandidates(client, batch.id);
    }
    step('checked');
    await takeBackCrossMonthRepeats(client, batch.id);
    step('identity');
    await applyRelations(client, batch.id);
    step('relations');
    await applyTotals(client, batch.id);
    step('totals');
    await writeProblems(client, batch.id);
    const result = await outcome(client, total);
    this.logger.log({ batchId: batch.id, lines: total, bulkInserted, ...result, ms: step('errors') }, 'invoices merged');
    return result;
  }
}

/** Milliseconds per merge step, for the log line that says where a batch's time went. */
function stepTimer(): (name: string) => Record<string, number> {
  const times: Record<string, number> = {};
  let last = Date.now();
  return (name) => {
    const now = Date.now();
    times[name] = now - last;
    last = now;
    return times;
  };
}

import { Injectable } from '@nestjs/common';
import { BatchKindHandler, MergeContext, MergeResult } from '../batch-kind';
import { IntakeKind } from '../intake-kind.decorator';
import { columnReader, Params, stagedColumns } from '../merge/merge-sql';
import { endCoveredPeriods, revenueCounts, validateRevenue, writeRevenue } from '../merge/revenue-merge';

export const REVENUE_COLUMNS = ['seller_ref', 'period', 'gross_revenue', 'order_count', 'refunds', 'fees', 'vat_withheld', 'pit_withheld'] as const;

/** Decree 117 withholding detail (and Decree 91 revenue): one row per seller and period. */
@IntakeKind()
@Injectable()
export class RevenueKind implements BatchKindHandler {
  readonly kind = 'revenue' as const;
  readonly source = 'platform' as const;
  readonly columns = REVENUE_COLUMNS;
  readonly requiredColumns = ['seller_ref', 'period', 'gross_revenue'];
  readonly grownTables = ['revenue_observations', 'current_revenue'];

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const p: Params = [ctx.batch.id, ctx.batch.platformId, ctx.today, ctx.piiEncryptionKey, ctx.piiIndexKey];
    await validateRevenue(ctx.client, p, ctx.stagingTable, columnReader(await stagedColumns(ctx.client, ctx.stagingTable)));
    if (ctx.batch.mode === 'replacement') await endCoveredPeriods(ctx.client, p);
    await writeRevenue(ctx.client, p);
    return { ...(await revenueCounts(ctx.client)), warned: 0 };
  }
}

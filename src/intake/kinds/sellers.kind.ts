import { Injectable } from '@nestjs/common';
import { BatchKindHandler, MergeContext, MergeResult } from '../batch-kind';
import { IntakeKind } from '../intake-kind.decorator';
import { columnReader, Params, stagedColumns, StepTimer } from '../merge/merge-sql';
import { validateSellers, writeSellers } from '../merge/seller-merge';

export const SELLER_COLUMNS = [
  'seller_ref', 'shop_name', 'seller_name', 'tax_code', 'national_id', 'phone', 'email', 'address', 'province',
  'date_of_birth', 'category', 'is_resident',
] as const;

/** Decree 91 seller reports: one row per seller the platform has. */
@IntakeKind()
@Injectable()
export class SellersKind implements BatchKindHandler {
  readonly kind = 'sellers' as const;
  readonly source = 'platform' as const;
  readonly columns = SELLER_COLUMNS;
  readonly requiredColumns = ['seller_ref', 'seller_name'];
  readonly grownTables = ['platform_sellers', 'seller_observations'];

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const p: Params = [ctx.batch.id, ctx.batch.platformId, ctx.today, ctx.piiEncryptionKey, ctx.piiIndexKey];
    const timer = new StepTimer();
    const field = columnReader(await stagedColumns(ctx.client, ctx.stagingTable));
    await validateSellers(ctx.client, p, {
      from: ctx.stagingTable,
      field,
      required: ['seller_ref', 'seller_name'],
      extra: ['false AS is_deleted', 'false AS resent', 'NULL::text AS doc_ref_id', 'NULL::text AS corr_doc_ref_id', 'NULL::text AS extra_field', 'NULL::text AS extra_error'],
    }, timer);
    const counts = await writeSellers(ctx.client, p, ctx.batch.mode === 'replacement', timer);
    return { ...counts, timings: timer.timings };
  }
}

import { Injectable } from '@nestjs/common';
import { BatchKindHandler, MergeContext, MergeResult } from '../intake/batch-kind';
import { IntakeKind } from '../intake/intake-kind.decorator';
import { countRows, createProblemTable, outcome, writeProblems } from './authority-sql';
import { resolveTaxpayers } from './taxpayer-identities';
import { checkTaxpayerRows, TAXPAYER_COLUMNS } from './taxpayer-rows';
import { applyTaxpayerRows } from './taxpayer-versions';

/**
 * The taxpayer registry extract from the tax authority: one row per taxpayer, under its current tax code
 * and/or personal ID, with previous tax codes `;`-separated. See taxpayer-identities.ts for how rows find
 * their taxpayer and taxpayer-versions.ts for how changes become versions.
 */
@IntakeKind()
@Injectable()
export class TaxpayersKind implements BatchKindHandler {
  readonly kind = 'taxpayers' as const;
  readonly source = 'authority' as const;
  readonly columns = TAXPAYER_COLUMNS;
  readonly requiredColumns = ['tax_code', 'name', 'status'];
  readonly grownTables = ['taxpayers', 'taxpayer_versions', 'taxpayer_identifiers'];
  readonly formats = ['csv', 'json', 'ndjson'] as const;

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const { client, batch } = ctx;
    await createProblemTable(client);
    await checkTaxpayerRows(client, ctx.stagingTable, ctx.today);
    await resolveTaxpayers(client, batch.id, ctx.piiIndexKey);
    await applyTaxpayerRows(client, batch.id, ctx.piiEncryptionKey, ctx.piiIndexKey);
    await writeProblems(client, batch.id);
    return outcome(client, await countRows(client, 'tp_rows'));
  }
}

import { Injectable } from '@nestjs/common';
import { BatchKindHandler, MergeContext, MergeResult } from '../intake/batch-kind';
import { IntakeKind } from '../intake/intake-kind.decorator';
import { countRows, createProblemTable, outcome, writeProblems } from './authority-sql';
import { appendDeclarations, checkDeclarationRows, DECLARATION_COLUMNS } from './declaration-merge';

/**
 * Tax declarations as the authority records them: what a taxpayer declared and paid for a period, under the
 * tax code it filed with. A declaration filed under an old tax code belongs to the taxpayer now registered
 * under the personal ID: both codes resolve to one taxpayer through `taxpayer_identifiers`. One whose code is
 * not (yet) in the registry is kept with `taxpayer_id` NULL and resolved when a registry batch brings the code.
 */
@IntakeKind()
@Injectable()
export class DeclarationsKind implements BatchKindHandler {
  readonly kind = 'declarations' as const;
  readonly source = 'authority' as const;
  readonly columns = DECLARATION_COLUMNS;
  readonly requiredColumns = ['tax_code', 'period', 'declared_revenue'];
  readonly grownTables = ['declarations'];
  readonly formats = ['csv', 'json', 'ndjson'] as const;

  async merge(ctx: MergeContext): Promise<MergeResult> {
    const { client, batch } = ctx;
    await createProblemTable(client);
    await checkDeclarationRows(client, ctx.stagingTable, ctx.today, ctx.piiIndexKey);
    await appendDeclarations(client, batch.id);
    await writeProblems(client, batch.id);
    return outcome(client, await countRows(client, 'dc_rows'));
  }
}

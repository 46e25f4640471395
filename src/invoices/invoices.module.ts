import { Module } from '@nestjs/common';
import { InvoicesKind } from './invoices.kind';

/** E-invoice lines (partitioned by month) and per-seller monthly aggregates, fed by the tax authority. */
@Module({ providers: [InvoicesKind] })
export class InvoicesModule {}

import { Module } from '@nestjs/common';
import { DeclarationsKind } from './declarations.kind';
import { TaxpayersKind } from './taxpayers.kind';

/** The taxpayer registry and declarations, fed by the tax authority through the intake pipeline. */
@Module({ providers: [TaxpayersKind, DeclarationsKind] })
export class RegistryModule {}

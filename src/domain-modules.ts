/**
 * The business capabilities, imported by both the API (src/app.module.ts) and the workers
 * (workers/worker.module.ts). Controllers only serve HTTP in the API; job handlers only run in the workers.
 */
import { OpsModule } from './ops/ops.module';
import { PiiModule } from './pii/pii.module';
import { MatchingModule } from './matching/matching.module';
import { IntakeModule } from './intake/intake.module';
import { RegistryModule } from './registry/registry.module';
import { InvoicesModule } from './invoices/invoices.module';
import { AuditModule } from './audit/audit.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { CasesModule } from './cases/cases.module';
import { StatsModule } from './stats/stats.module';
import { ConsoleModule } from './console/console.module';

export const DOMAIN_MODULES = [PiiModule, OpsModule, IntakeModule, RegistryModule, InvoicesModule, MatchingModule, AuditModule, ReconciliationModule, CasesModule, StatsModule, ConsoleModule];

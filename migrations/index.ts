/**
 * Every schema migration, in order. The schema changes only through these (synchronize is off);
 * test/integration/schema-drift.int-spec.ts fails when the entities and the migrated schema disagree,
 * and when a file in this folder is missing from the list below.
 */
import { Foundation1795400000000 } from './1795400000000-Foundation';
import { CoreData1795400000100 } from './1795400000100-CoreData';
import { IdentifierFunctions1795400100000 } from './1795400100000-IdentifierFunctions';
import { Intake1795400200000 } from './1795400200000-Intake';
import { AuthorityFeeds1795400300000 } from './1795400300000-AuthorityFeeds';
import { Matching1795400400000 } from './1795400400000-Matching';
import { RuleTables1795400500000 } from './1795400500000-RuleTables';
import { RulesSeed2024To20261795400500010 } from './1795400500010-RulesSeed2024To2026';
import { Reconciliation1795400500100 } from './1795400500100-Reconciliation';
import { AuditLog1795400600000 } from './1795400600000-AuditLog';
import { CaseWork1795400650000 } from './1795400650000-CaseWork';
import { SelfDeclarationStats1795400700000 } from './1795400700000-SelfDeclarationStats';

export const ALL_MIGRATIONS: Function[] = [
  Foundation1795400000000,
  CoreData1795400000100,
  IdentifierFunctions1795400100000,
  Intake1795400200000,
  AuthorityFeeds1795400300000,
  Matching1795400400000,
  RuleTables1795400500000,
  RulesSeed2024To20261795400500010,
  Reconciliation1795400500100,
  AuditLog1795400600000,
  CaseWork1795400650000,
  SelfDeclarationStats1795400700000,
];

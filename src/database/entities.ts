/**
 * Every TypeORM entity, listed explicitly so the API, workers, CLI and tests load the same set
 * without globbing compiled or source files. Add a module's entities here.
 */
import { AUTH_ENTITIES } from '../auth/auth.entities';
import { BatchEntity } from '../intake/batch.entity';
import { OPS_ENTITIES } from '../ops/ops.entities';
import { RECONCILIATION_ENTITIES } from '../reconciliation/reconciliation.entities';

export const ALL_ENTITIES: Function[] = [...AUTH_ENTITIES, BatchEntity, ...OPS_ENTITIES, ...RECONCILIATION_ENTITIES];

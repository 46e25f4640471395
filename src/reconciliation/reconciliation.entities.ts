import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';

export const RECONCILIATION_ENTITIES: Function[] = [CaseEntity, CaseEventEntity];

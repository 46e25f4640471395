import { OpsProbeEntity } from './ops-probe.entity';

export const OPS_ENTITIES: Function[] = [OpsProbeEntity];

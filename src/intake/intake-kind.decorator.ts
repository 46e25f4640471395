import { SetMetadata } from '@nestjs/common';
import { INTAKE_KIND_KEY } from './batch-kind';

/** Marks a provider class implementing BatchKindHandler; the intake pipeline discovers it. */
export const IntakeKind = () => SetMetadata(INTAKE_KIND_KEY, true);

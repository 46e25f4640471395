import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-registry';

export const JOB_HANDLER_KEY = 'ect:job-handler';
export const JOB_FAILURE_KEY = 'ect:job-failure';

/** Marks a provider method as the handler of one job. Exactly one per job name, checked at worker boot. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER_KEY, name);

/** Optional: called once when a job has failed for good (retries exhausted or UnrecoverableError), to record it in the database. */
export const JobFailureHandler = (name: JobName) => SetMetadata(JOB_FAILURE_KEY, name);

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { presentedCredential } from '../auth/bearer-token';
import { CredentialService } from '../auth/credential.service';

export const QUEUE_DASHBOARD_PATH = '/queues';

/**
 * Bull Board for administrators at /queues. It is an Express app outside Nest's router, so it gets
 * its own guard: an admin credential as a Bearer header or as the console's session cookie.
 */
export function mountQueueDashboard(app: INestApplication, queues: Queue[], credentials: CredentialService): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  app.use(QUEUE_DASHBOARD_PATH, adminsOnly(credentials), serverAdapter.getRouter());
}

function adminsOnly(credentials: CredentialService) {
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const token = presentedCredential(request.headers);
      const principal = token ? await credentials.authenticate(token) : undefined;
      if (!principal) return void response.status(401).json({ code: 'UNAUTHENTICATED', message: 'a valid Bearer credential is required', status: 401 });
      if (principal.role !== 'admin') return void response.status(403).json({ code: 'FORBIDDEN', message: 'administrators only', status: 403 });
      next();
    } catch (error) {
      next(error);
    }
  };
}

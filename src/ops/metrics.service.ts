import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { StatusService } from './status.service';

/** Prometheus figures: process defaults, HTTP latency by route, and job counts per queue and state. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(status: StatusService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ecomtax_' });
    this.httpDuration = new Histogram({
      name: 'ecomtax_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
      registers: [this.registry],
    });
    new Gauge({
      name: 'ecomtax_queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of await status.queueCounts()) {
          for (const state of ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const) {
            this.set({ queue: queue.name, state }, queue[state]);
          }
        }
      },
    });
  }
}

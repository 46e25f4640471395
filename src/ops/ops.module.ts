import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { OpsController } from './ops.controller';
import { OpsProbeService } from './ops-probe.service';
import { StatusService } from './status.service';

@Module({
  controllers: [HealthController, OpsController],
  providers: [HealthService, StatusService, MetricsService, OpsProbeService],
  exports: [StatusService, MetricsService],
})
export class OpsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}

import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/roles.decorator';
import { MetricsService } from './metrics.service';
import { OpsProbeService } from './ops-probe.service';
import { ProbeDto, ProbeRequestDto, StatusDto } from './ops.dto';
import { StatusService } from './status.service';
import { OpsProbeEntity } from './ops-probe.entity';

@ApiTags('operations')
@Controller()
export class OpsController {
  constructor(
    private readonly status: StatusService,
    private readonly metrics: MetricsService,
    private readonly probes: OpsProbeService,
  ) {}

  /** Prometheus scrape endpoint. Public like /health: it holds counts, never data. */
  @Public()
  @Get('metrics')
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  @Roles('admin', 'officer', 'auditor')
  @ApiBearerAuth()
  @Get('v1/status')
  @ApiOkResponse({ type: StatusDto })
  async getStatus(): Promise<StatusDto> {
    return this.status.status();
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Post('v1/ops/probes')
  @ApiOkResponse({ type: ProbeDto })
  async requestProbe(@Body() body: ProbeRequestDto): Promise<ProbeDto> {
    return toDto(await this.probes.request(body?.durationMs ?? 0));
  }

  @Roles('admin')
  @ApiBearerAuth()
  @Get('v1/ops/probes/:id')
  @ApiOkResponse({ type: ProbeDto })
  async getProbe(@Param('id', ParseUUIDPipe) id: string): Promise<ProbeDto> {
    return toDto(await this.probes.get(id));
  }
}

function toDto(probe: OpsProbeEntity): ProbeDto {
  return {
    id: probe.id,
    durationMs: probe.durationMs,
    requestedAt: probe.requestedAt.toISOString(),
    startedAt: probe.startedAt?.toISOString() ?? null,
    runs: probe.runs,
    finishedAt: probe.finishedAt?.toISOString() ?? null,
  };
}

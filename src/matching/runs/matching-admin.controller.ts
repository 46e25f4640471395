import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Roles } from '../../auth/roles.decorator';
import { SqlService } from '../../database/sql.service';
import { JobQueueService } from '../../jobs/job-queue.service';
import { describeModel, MatchModel } from '../model/match-model';
import { RerunDto, RunAcceptedDto } from '../matching.dto';
import { planRun, runIdFor } from './run-planner';

@ApiTags('matching')
@ApiBearerAuth()
@Controller('v1/matching')
export class MatchingAdminController {
  constructor(
    private readonly sql: SqlService,
    private readonly jobs: JobQueueService,
  ) {}

  /** Re-matches every seller (optionally re-estimating the models). Officer decisions still hold. */
  @Post('runs')
  @Roles('admin')
  @HttpCode(202)
  @ApiOkResponse({ type: RunAcceptedDto })
  async rerun(@Body() body: RerunDto): Promise<RunAcceptedDto> {
    const runId = runIdFor(`rerun:${randomUUID()}`);
    await this.sql.withRawTransaction((client) => planRun(client, { id: runId, trigger: 'rerun', all: true, retrain: body?.retrain ?? false }));
    await this.jobs.enqueue('matching.match-run', { runId }, runId);
    return { runId };
  }

  /** The models in force: fields, levels, m, u, weights and thresholds. */
  @Get('models')
  @Roles('officer', 'auditor', 'admin')
  async models(): Promise<Record<string, unknown>[]> {
    const rows = await this.sql.query<MatchModel & { created_at: Date }>(
      `SELECT version, kind, params, thresholds, training, created_at FROM match_models WHERE is_active ORDER BY kind`,
    );
    return rows.map((m) => ({ ...describeModel(m), training: m.training, createdAt: m.created_at }));
  }
}

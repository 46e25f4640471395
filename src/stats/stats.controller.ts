import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { SqlService } from '../database/sql.service';
import { CohortQueryService } from './cohort-query.service';
import { SelfDeclarationQueryService } from './self-declaration-query.service';
import { resolvePlatform, StatsFilters } from './stats-query.support';
import { CohortQueryDto, CohortResponseDto, parseGroupBy, SelfDeclarationQueryDto, SelfDeclarationResponseDto } from './stats.dto';

/** Self-declaration figures and cohorts for officers and auditors (README "Self-declaration figures"). */
@ApiTags('stats')
@ApiBearerAuth()
@Controller('v1/stats')
export class StatsController {
  constructor(
    private readonly sql: SqlService,
    private readonly figures: SelfDeclarationQueryService,
    private readonly cohorts: CohortQueryService,
  ) {}

  @Roles('officer', 'auditor')
  @Get('self-declaration')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SelfDeclarationResponseDto })
  async selfDeclaration(@Query() query: SelfDeclarationQueryDto, @Res({ passthrough: true }) res: Response): Promise<SelfDeclarationResponseDto | string> {
    const result = await this.figures.figures({
      ...(await this.filters(query)),
      periods: query.period ? [...new Set(query.period.split(','))] : null,
      periodKind: query.periodKind ?? null,
    });
    return this.send(res, query.format, 'self-declaration', result, (r) => this.figures.toCsv(r));
  }

  @Roles('officer', 'auditor')
  @Get('cohorts')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CohortResponseDto })
  async cohortFigures(@Query() query: CohortQueryDto, @Res({ passthrough: true }) res: Response): Promise<CohortResponseDto | string> {
    const result = await this.cohorts.cohorts({ ...(await this.filters(query)), from: query.from ?? null, to: query.to ?? null });
    return this.send(res, query.format, 'cohorts', result, (r) => this.cohorts.toCsv(r));
  }

  private async filters(query: { groupBy?: string; platform?: string; province?: string; category?: string }): Promise<StatsFilters> {
    return {
      dims: parseGroupBy(query.groupBy),
      platformId: await resolvePlatform(this.sql, query.platform),
      province: query.province ?? null,
      category: query.category ?? null,
    };
  }

  private send<T>(res: Response, format: 'json' | 'csv' | undefined, name: string, result: T, toCsv: (r: T) => string): T | string {
    res.setHeader('Cache-Control', 'no-store');
    if (format !== 'csv') return result;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    return toCsv(result);
  }
}

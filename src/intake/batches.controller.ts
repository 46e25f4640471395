import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConsumes, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { BatchAcceptedDto, BatchErrorsDto, BatchErrorsQueryDto, BatchListDto, BatchStatusDto, ListBatchesQueryDto } from './batch.dto';
import { BatchIntakeService } from './batch-intake.service';
import { BatchQueryService } from './batch-query.service';

@ApiTags('batches')
@ApiBearerAuth()
@Controller('v1/batches')
export class BatchesController {
  constructor(
    private readonly intake: BatchIntakeService,
    private readonly batches: BatchQueryService,
  ) {}

  /**
   * Streams the body (never parsed by a body parser) into staging. 202 for a new batch; 200 with the same id
   * when the Idempotency-Key already names a batch with byte-identical content.
   */
  @Post()
  @Roles('platform', 'authority')
  @HttpCode(202)
  @ApiConsumes('text/csv', 'application/json', 'application/x-ndjson', 'application/xml')
  @ApiQuery({ name: 'kind', enum: ['sellers', 'revenue', 'dpi', 'taxpayers', 'declarations', 'invoices'] })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiHeader({ name: 'X-Batch-Mode', required: false, enum: ['supplementary', 'replacement'] })
  @ApiAcceptedResponse({ type: BatchAcceptedDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Query('kind') kind: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchAcceptedDto> {
    const batch = await this.intake.receive(principal, kind, request.headers, request);
    const statusUrl = `/v1/batches/${batch.id}`;
    response.status(batch.replayed ? 200 : 202).setHeader('Location', statusUrl);
    return { id: batch.id, state: batch.state, statusUrl, replayed: batch.replayed };
  }

  @Get()
  @Roles('platform', 'authority', 'officer', 'auditor', 'admin')
  @ApiOkResponse({ type: BatchListDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListBatchesQueryDto): Promise<BatchListDto> {
    return this.batches.list(principal, query);
  }

  @Get(':id')
  @Roles('platform', 'authority', 'officer', 'auditor', 'admin')
  @ApiOkResponse({ type: BatchStatusDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BatchStatusDto> {
    return this.batches.get(principal, id);
  }

  /** JSON (paged) by default; every error as CSV with `?format=csv` or `Accept: text/csv`. */
  @Get(':id/errors')
  @Roles('platform', 'authority', 'officer', 'auditor', 'admin')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: BatchErrorsDto })
  async errors(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: BatchErrorsQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const wantsCsv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
    if (!wantsCsv) {
      response.json(await this.batches.errors(principal, id, query.limit ?? 1000, query.offset ?? 0));
      return;
    }
    await this.batches.errorsCsv(principal, id, () => {
      response.status(200).setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="batch-${id}-errors.csv"`);
      return response;
    });
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { BATCH_KINDS, BATCH_STATES } from './batch.entity';

export class BatchAcceptedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: BATCH_STATES }) state: string;
  @ApiProperty({ example: '/v1/batches/7c0e…' }) statusUrl: string;
  @ApiProperty({ description: 'true when the Idempotency-Key named a batch already received with this content' }) replayed: boolean;
}

export class BatchCountsDto {
  @ApiProperty() rows: number;
  @ApiProperty() accepted: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ description: 'accepted rows carrying a warning' }) warned: number;
}

export class BatchProgressDto {
  @ApiProperty({ description: 'pipeline steps finished, of `of`' }) step: number;
  @ApiProperty() of: number;
  @ApiProperty({ description: 'a fraction from 0 to 1' }) fraction: number;
}

export class BatchStatusDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: BATCH_KINDS }) kind: string;
  @ApiProperty() format: string;
  @ApiProperty({ enum: ['supplementary', 'replacement'] }) mode: string;
  @ApiProperty({ enum: BATCH_STATES }) state: string;
  @ApiProperty({ nullable: true }) platformCode: string | null;
  @ApiProperty() idempotencyKey: string;
  @ApiProperty() byteSize: string;
  @ApiProperty({ type: BatchCountsDto }) counts: BatchCountsDto;
  @ApiProperty({ type: BatchProgressDto }) progress: BatchProgressDto;
  @ApiProperty({ nullable: true }) errorCode: string | null;
  @ApiProperty({ nullable: true }) errorMessage: string | null;
  @ApiProperty() errorsUrl: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true }) parsingStartedAt: string | null;
  @ApiProperty({ nullable: true }) loadedAt: string | null;
  @ApiProperty({ nullable: true }) doneAt: string | null;
  @ApiProperty({ nullable: true }) failedAt: string | null;
}

export class BatchListDto {
  @ApiProperty({ type: [BatchStatusDto] }) batches: BatchStatusDto[];
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class ListBatchesQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  @ApiProperty({ required: false, default: 50 }) limit?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  @ApiProperty({ required: false, default: 0 }) offset?: number;

  @IsOptional() @IsIn(BATCH_STATES as unknown as string[])
  @ApiProperty({ required: false, enum: BATCH_STATES }) state?: string;

  @IsOptional() @IsIn(BATCH_KINDS as unknown as string[])
  @ApiProperty({ required: false, enum: BATCH_KINDS }) kind?: string;
}

export class BatchErrorDto {
  @ApiProperty({ description: '1-based data record index (the first record after a CSV header is 1); 0 = the batch as a whole' }) row: number;
  @ApiProperty({ nullable: true }) field: string | null;
  @ApiProperty({ description: 'stable code' }) code: string;
  @ApiProperty({ enum: ['error', 'warning'], description: 'error: the row was rejected; warning: accepted and flagged' }) severity: string;
  @ApiProperty() message: string;
}

export class BatchErrorsDto {
  @ApiProperty() batchId: string;
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [BatchErrorDto] }) errors: BatchErrorDto[];
}

export class BatchErrorsQueryDto {
  @IsOptional() @IsIn(['json', 'csv'])
  @ApiProperty({ required: false, enum: ['json', 'csv'] }) format?: 'json' | 'csv';

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000)
  @ApiProperty({ required: false, default: 1000 }) limit?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  @ApiProperty({ required: false, default: 0 }) offset?: number;
}

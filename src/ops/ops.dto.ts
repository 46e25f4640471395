import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class DependencyHealthDto {
  @ApiProperty() up: boolean;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ required: false }) error?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ type: DependencyHealthDto }) postgres: DependencyHealthDto;
  @ApiProperty({ type: DependencyHealthDto }) redis: DependencyHealthDto;
}

export class QueueCountsDto {
  @ApiProperty() name: string;
  @ApiProperty() waiting: number;
  @ApiProperty() active: number;
  @ApiProperty() delayed: number;
  @ApiProperty() failed: number;
  @ApiProperty() prioritized: number;
}

export class UnfinishedBatchDto {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true }) platformCode: string | null;
  @ApiProperty() rowsTotal: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class StatusDto {
  @ApiProperty({ description: 'true when no queue has waiting, active, delayed or prioritized jobs and no batch is unfinished' })
  idle: boolean;
  @ApiProperty({ type: [QueueCountsDto] }) queues: QueueCountsDto[];
  @ApiProperty({ type: [UnfinishedBatchDto] }) unfinishedBatches: UnfinishedBatchDto[];
  @ApiProperty() unfinishedBatchCount: number;
  @ApiProperty() checkedAt: string;
}

export class ProbeRequestDto {
  @ApiProperty({ required: false, minimum: 0, maximum: 600000, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  durationMs?: number;
}

export class ProbeDto {
  @ApiProperty() id: string;
  @ApiProperty() durationMs: number;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true }) startedAt: string | null;
  @ApiProperty() runs: number;
  @ApiProperty({ nullable: true }) finishedAt: string | null;
}

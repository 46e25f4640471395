import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNumberString, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class LinksQueryDto {
  @ApiProperty({ required: false, description: 'platform code (officers and auditors); a platform always gets its own sellers' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,39}$/)
  platform?: string;

  @ApiProperty({ required: false, enum: ['csv', 'json'], default: 'json' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';

  @ApiProperty({ required: false, description: 'officers and auditors: the links as they were believed at this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class LinkDecisionDto {
  @ApiProperty({ enum: ['confirm', 'reject'] })
  @IsIn(['confirm', 'reject'])
  decision: 'confirm' | 'reject';

  @ApiProperty({ description: 'the taxpayer the decision is about (its id)' })
  @IsNumberString({ no_symbols: true })
  @MaxLength(19)
  taxpayerId: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DecisionAcceptedDto {
  @ApiProperty() decisionId: string;
  @ApiProperty({ description: 'the match run that applies the decision; its entities go on to reconciliation' }) runId: string;
}

export class MergeEntitiesDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  entityIds: string[];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class SplitEntityDto {
  @ApiProperty({ type: [String], description: 'the members (seller ids) that form a new entity' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsNumberString({ no_symbols: true }, { each: true })
  sellerIds: string[];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RerunDto {
  @ApiProperty({ required: false, default: false, description: 're-estimate the models (m/u by EM) before matching' })
  @IsOptional()
  @IsBoolean()
  retrain?: boolean;
}

export class RunAcceptedDto {
  @ApiProperty() runId: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { BUSINESS_CATEGORIES } from '../identifiers/category';
import { RULE_KEYS, RuleKey } from './rule-catalog';

const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export class RuleValueDto {
  @ApiProperty({ example: '41' }) id: string;
  @ApiProperty({ enum: RULE_KEYS }) key: string;
  @ApiProperty({ description: "a business category, or '*' for a rule that is not per category" }) category: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveFrom: string;
  @ApiProperty({ nullable: true, type: String, description: 'inclusive last day; null = open-ended' }) effectiveTo: string | null;
  @ApiProperty({ description: 'whole number as a string (VND, basis points, flag or months: see unit)', example: '200000000' }) value: string;
  @ApiProperty({ enum: ['vnd', 'bp', 'flag', 'months'] }) unit: string;
  @ApiProperty({ enum: ['H', 'M', 'L'] }) confidence: string;
  @ApiProperty() source: string;
  @ApiProperty({ description: 'the version that introduced this value' }) introducedIn: number;
}

export class RuleSetDto {
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String, description: 'only values in force on this date, when asked' }) asOf: string | null;
  @ApiProperty({ type: [RuleValueDto] }) values: RuleValueDto[];
}

export class RuleVersionDto {
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: Number }) basedOn: number | null;
  @ApiProperty() valueCount: number;
  @ApiProperty({ type: [String] }) introducedValueIds: string[];
}

export class RulesQueryDto {
  @ApiProperty({ required: false, description: 'a rule version (default: the latest)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  version?: number;

  @ApiProperty({ required: false, example: '2025-08-01', description: 'only the values in force on this date' })
  @IsOptional() @Matches(DATE) @IsDateString({ strict: true })
  asOf?: string;
}

export class RuleChangeDto {
  @ApiProperty({ enum: RULE_KEYS }) @IsIn(RULE_KEYS)
  key: RuleKey;

  @ApiProperty({ required: false, enum: [...BUSINESS_CATEGORIES, '*'], description: "per-category keys only; omitted or '*' = every category" })
  @IsOptional() @IsIn([...BUSINESS_CATEGORIES, '*'])
  category?: string;

  @ApiProperty({ example: '2026-01-01' }) @Matches(DATE) @IsDateString({ strict: true })
  effectiveFrom: string;

  @ApiProperty({ required: false, nullable: true, example: '2026-12-31', description: 'inclusive; omitted = open-ended' })
  @IsOptional() @Matches(DATE) @IsDateString({ strict: true })
  effectiveTo?: string;

  @ApiProperty({ example: '1000000000', description: 'whole number in the unit of the key (VND, basis points, 0/1, months)' })
  @IsString() @Matches(/^[0-9]{1,18}$/)
  value: string;

  @ApiProperty({ required: false, enum: ['H', 'M', 'L'], default: 'H' }) @IsOptional() @IsIn(['H', 'M', 'L'])
  confidence?: 'H' | 'M' | 'L';

  @ApiProperty({ example: 'Decree 141/2026, Art. 1' }) @IsString() @MinLength(3) @MaxLength(500)
  source: string;
}

export class CreateRuleVersionDto {
  @ApiProperty({ example: 'Decree 141/2026 raises the threshold retroactively' }) @IsString() @MinLength(3) @MaxLength(1000)
  reason: string;

  @ApiProperty({ type: [RuleChangeDto] }) @ValidateNested({ each: true }) @Type(() => RuleChangeDto) @ArrayMinSize(1) @ArrayMaxSize(200)
  changes: RuleChangeDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { STATS_CATEGORIES } from './stats-rule-params';

export const STATS_DIMENSIONS = ['platform', 'province', 'category'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

const PERIOD = '[0-9]{4}(-Q[1-4])?';
const QUARTER = /^[0-9]{4}-Q[1-4]$/;
const GROUP = '(platform|province|category|period)';

class StatsFiltersDto {
  @ApiProperty({ required: false, description: 'comma-separated dimensions: platform, province, category (period is always a key)', example: 'platform,province' })
  @IsOptional() @Matches(new RegExp(`^${GROUP}(,${GROUP}){0,3}$`), { message: 'groupBy: comma-separated platform, province, category' })
  groupBy?: string;

  @ApiProperty({ required: false, description: "only this platform (its code); its own figures, as in the per-platform rows", example: 'cho-moi' })
  @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,100}$/)
  platform?: string;

  @ApiProperty({ required: false, description: "a province code of the 34-province list, or 'unknown'", example: '79' })
  @IsOptional() @Matches(/^([0-9]{2}|unknown)$/)
  province?: string;

  @ApiProperty({ required: false, enum: STATS_CATEGORIES })
  @IsOptional() @IsIn(STATS_CATEGORIES)
  category?: string;

  @ApiProperty({ required: false, enum: ['json', 'csv'], default: 'json' })
  @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class SelfDeclarationQueryDto extends StatsFiltersDto {
  @ApiProperty({ required: false, description: "comma-separated periods: quarters 'YYYY-Qn' and tax years 'YYYY' (default: all)", example: '2025,2025-Q3' })
  @IsOptional() @Matches(new RegExp(`^${PERIOD}(,${PERIOD}){0,59}$`), { message: "period: comma-separated 'YYYY-Qn' or 'YYYY'" })
  period?: string;

  @ApiProperty({ required: false, enum: ['quarter', 'year'] })
  @IsOptional() @IsIn(['quarter', 'year'])
  periodKind?: 'quarter' | 'year';
}

export class CohortQueryDto extends StatsFiltersDto {
  @ApiProperty({ required: false, description: 'first cohort (quarter first seen), inclusive', example: '2025-Q1' })
  @IsOptional() @Matches(QUARTER)
  from?: string;

  @ApiProperty({ required: false, description: 'last cohort, inclusive', example: '2025-Q4' })
  @IsOptional() @Matches(QUARTER)
  to?: string;
}

export function parseGroupBy(groupBy: string | undefined): StatsDimension[] {
  const parts = (groupBy ?? '').split(',').filter((p) => p && p !== 'period');
  return STATS_DIMENSIONS.filter((d) => parts.includes(d));
}

export class PlatformRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ProvinceRefDto {
  @ApiProperty({ description: "34-province code, or 'unknown'" }) code: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class StatsMetaDto {
  @ApiProperty({ nullable: true, type: String, description: 'when the figures were last refreshed' }) refreshedAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'rule version of the estimated-due figures' }) ruleVersion: number | null;
  @ApiProperty({ type: [String] }) groupBy: string[];
  @ApiProperty({ description: 'where every figure is defined' }) definitions: string;
}

export class SelfDeclarationRowDto {
  @ApiProperty({ example: '2025-Q3' }) period: string;
  @ApiProperty({ enum: ['quarter', 'year'] }) periodKind: string;
  @ApiProperty({ required: false, nullable: true, type: PlatformRefDto, description: 'present when grouped or filtered by platform' }) platform?: PlatformRefDto | null;
  @ApiProperty({ required: false, type: ProvinceRefDto }) province?: ProvinceRefDto;
  @ApiProperty({ required: false }) category?: string;
  @ApiProperty({ description: 'counts of sellers (entities), as strings' }) counts: Record<string, string>;
  @ApiProperty({ description: 'whole VND, as strings' }) amounts: Record<string, string>;
  @ApiProperty({ description: 'decimal fractions with 4 places, null without a denominator' }) rates: Record<string, string | null>;
}

export class SelfDeclarationResponseDto {
  @ApiProperty({ type: StatsMetaDto }) meta: StatsMetaDto;
  @ApiProperty({ type: [SelfDeclarationRowDto] }) rows: SelfDeclarationRowDto[];
}

export class CohortWindowDto {
  @ApiProperty() count: string;
  @ApiProperty({ nullable: true, type: String }) rate: string | null;
  @ApiProperty({ description: 'last day of the window' }) windowEnd: string;
  @ApiProperty({ description: 'the window has ended (later filings may still arrive)' }) final: boolean;
}

export class CohortRowDto {
  @ApiProperty({ example: '2025-Q1', description: 'quarter first seen on a platform' }) cohort: string;
  @ApiProperty({ required: false, type: PlatformRefDto }) platform?: PlatformRefDto | null;
  @ApiProperty({ required: false, type: ProvinceRefDto }) province?: ProvinceRefDto;
  @ApiProperty({ required: false }) category?: string;
  @ApiProperty() sellers: string;
  @ApiProperty({ description: 'within1Q, within2Q, within4Q, now' }) registered: Record<string, CohortWindowDto | { count: string; rate: string | null }>;
  @ApiProperty({ description: 'within1Q, within2Q, within4Q, now' }) declaring: Record<string, CohortWindowDto | { count: string; rate: string | null }>;
}

export class CohortResponseDto {
  @ApiProperty({ type: StatsMetaDto }) meta: StatsMetaDto;
  @ApiProperty({ type: [CohortRowDto] }) rows: CohortRowDto[];
}

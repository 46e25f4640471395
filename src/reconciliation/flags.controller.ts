import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { FlagsExportService } from './flags-export.service';

export class FlagsQueryDto {
  @ApiProperty({ example: 2025 })
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  taxYear: number;

  @ApiProperty({ required: false, enum: ['csv', 'json'], default: 'json' })
  @IsOptional() @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}

export class FlagDto {
  @ApiProperty() signal_id: string;
  @ApiProperty() tax_year: number;
  @ApiProperty() seller_entity_id: string;
  @ApiProperty({ nullable: true, type: String, description: 'a 12-digit (personal ID) code is masked' }) taxpayer_tax_code: string | null;
  @ApiProperty({ enum: ['auto', 'confirmed', 'review', 'none'] }) link_band: string;
  @ApiProperty({ enum: ['UNREGISTERED', 'NOT_FILED', 'UNDER_DECLARED', 'INVOICE_GAP', 'WITHHOLDING_ERROR', 'SPLIT_ACROSS_PLATFORMS', 'IDENTITY_QUALITY'] }) signal: string;
  @ApiProperty({ description: 'whole VND' }) platform_revenue: string;
  @ApiProperty({ description: 'whole VND' }) declared_revenue: string;
  @ApiProperty({ description: 'whole VND' }) estimated_tax_at_risk: string;
  @ApiProperty() rule_version: number;
  @ApiProperty({ nullable: true, type: String }) case_id: string | null;
  @ApiProperty({ nullable: true, type: String }) case_status: string | null;
  @ApiProperty({ nullable: true, type: String }) waiting_on: string | null;
  @ApiProperty() raised_at: string;
}

/** Every signal of a tax year, for officers and auditors; streamed, largest estimate first. */
@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/flags')
export class FlagsController {
  constructor(private readonly flags: FlagsExportService) {}

  @Roles('officer', 'auditor')
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: [FlagDto] })
  async export(@Query() query: FlagsQueryDto, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'json';
    res.status(200);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    if (format === 'csv') res.setHeader('Content-Disposition', `attachment; filename="flags-${query.taxYear}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await this.flags.stream(query.taxYear, format, res);
    } catch (error) {
      // Headers are gone once rows flowed: the only honest signal left is a broken stream.
      if (res.headersSent) res.destroy(error as Error);
      else throw error;
    }
  }
}

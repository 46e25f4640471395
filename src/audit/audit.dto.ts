import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditLogQueryDto {
  @ApiPropertyOptional({ description: 'a credential, user or platform id: rows whose actor is that principal' })
  @IsOptional() @IsUUID()
  principal?: string;

  @ApiPropertyOptional({ example: 'taxpayer', description: 'whose data: with subjectId, "who looked at whose data"' })
  @IsOptional() @Matches(/^[a-z][a-z_]*$/)
  subjectType?: string;

  @ApiPropertyOptional({ description: 'needs subjectType' })
  @IsOptional() @IsString() @MaxLength(200)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'personal_data.read', description: 'write.attempted, write.completed, personal_data.read, credential.issued' })
  @IsOptional() @Matches(/^[a-z][a-z_]*(\.[a-z_]+)+$/)
  action?: string;

  @ApiPropertyOptional({ example: '/v1/batches', description: 'route pattern as declared, e.g. /v1/cases/:id' })
  @IsOptional() @IsString() @MaxLength(300)
  route?: string;

  @ApiPropertyOptional({ description: 'the X-Request-Id of one request' })
  @IsOptional() @Matches(/^[A-Za-z0-9._:-]{8,100}$/)
  correlationId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional() @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional() @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @Matches(/^[0-9]{1,18}$/)
  cursor?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

export class AuditActorDto {
  @ApiProperty({ nullable: true }) credentialId: string | null;
  @ApiProperty({ nullable: true, enum: ['platform', 'authority', 'officer', 'auditor', 'admin', 'system'] }) role: string | null;
  @ApiProperty({ nullable: true }) name: string | null;
  @ApiProperty({ nullable: true }) userId: string | null;
  @ApiProperty({ nullable: true }) platformId: string | null;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'bigint as string; chain order' }) id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ nullable: true }) httpMethod: string | null;
  @ApiProperty({ nullable: true }) route: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'route params and created id; never request bodies' }) target: Record<string, string> | null;
  @ApiProperty({ nullable: true }) subjectType: string | null;
  @ApiProperty({ nullable: true }) subjectId: string | null;
  @ApiProperty({ nullable: true, type: [String] }) fields: string[] | null;
  @ApiProperty({ nullable: true }) purpose: string | null;
  @ApiProperty({ nullable: true }) status: number | null;
  @ApiProperty({ nullable: true }) correlationId: string | null;
  @ApiProperty({ description: 'hex SHA-256' }) prevHash: string;
  @ApiProperty({ description: 'hex SHA-256' }) rowHash: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'newest first' }) entries: AuditEntryDto[];
  @ApiProperty({ nullable: true, description: 'pass as cursor for the next (older) page; null on the last page' }) nextCursor: string | null;
}

export class BrokenLinkDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['row_hash_mismatch', 'prev_hash_mismatch', 'head_mismatch', 'missing_rows', 'unchained_row'] }) problem: string;
  @ApiProperty({ description: 'hex SHA-256 the chain expects' }) expected: string;
  @ApiProperty({ description: 'hex SHA-256 found' }) found: string;
  @ApiProperty({ nullable: true }) previousId: string | null;
}

export class AuditVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checkedRows: number;
  @ApiProperty({ description: 'last row that verified' }) lastId: string;
  @ApiProperty({ description: 'its hash: record it elsewhere to anchor the chain' }) lastHash: string;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) firstBrokenLink: BrokenLinkDto | null;
  @ApiProperty() durationMs: number;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CASE_STATUSES, SIGNAL_CODES } from '../reconciliation/signal-codes';

const STATUS_LIST = new RegExp(`^(${CASE_STATUSES.join('|')})(,(${CASE_STATUSES.join('|')}))*$`);
const SIGNAL_LIST = new RegExp(`^(${SIGNAL_CODES.join('|')})(,(${SIGNAL_CODES.join('|')}))*$`);

/** Filters of the officers' queue and of its CSV export. */
export class CaseFilterQueryDto {
  @ApiProperty({ required: false, description: `one status or several, comma-separated (${CASE_STATUSES.join(', ')})` })
  @IsOptional()
  @Matches(STATUS_LIST)
  status?: string;

  @ApiProperty({ required: false, description: 'cases with any of these signal codes, comma-separated' })
  @IsOptional()
  @Matches(SIGNAL_LIST)
  signal?: string;

  @ApiProperty({ required: false, description: '34-province code, or an old (63-list) code or name: mapped to the province it became' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  province?: string;

  @ApiProperty({ required: false, description: 'platform code' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,39}$/)
  platform?: string;

  @ApiProperty({ required: false, example: '2025' })
  @IsOptional()
  @Matches(/^(19|20|21)[0-9]{2}$/)
  taxYear?: string;

  @ApiProperty({ required: false, description: "an officer's user id, `me`, or `none` (unassigned)" })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/)
  assignee?: string;

  @ApiProperty({ required: false, description: 'minimum estimated tax at risk, whole VND' })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/)
  minEstimate?: string;

  @ApiProperty({ required: false, enum: ['estimate', 'confidence', 'age'], default: 'estimate', description: 'estimate and confidence: largest first; age: oldest first' })
  @IsOptional()
  @IsIn(['estimate', 'confidence', 'age'])
  sort?: 'estimate' | 'confidence' | 'age';
}

export class CaseListQueryDto extends CaseFilterQueryDto {
  @ApiProperty({ required: false, default: 50, maximum: 200 })
  @IsOptional()
  @Matches(/^[0-9]{1,3}$/)
  limit?: string;

  @ApiProperty({ required: false, description: 'nextCursor of the previous page (same sort and filters)' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export class TransitionDto {
  @ApiProperty({ enum: CASE_STATUSES })
  @IsIn(CASE_STATUSES as unknown as string[])
  to: string;

  @ApiProperty({ description: 'the version of the case the officer decided on (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiProperty({ required: false, description: 'required to dismiss, escalate, resolve or step back' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AssignmentDto {
  @ApiProperty({ nullable: true, description: "an officer's user id, or null to unassign" })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  userId: string | null;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;
}

export class NoteDto {
  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text: string;
}

export class RevealDto {
  @ApiProperty({ description: 'why the officer needs the full identifiers (kept in the case history)', maxLength: 500 })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

export class LetterQueryDto {
  @ApiProperty({ required: false, enum: ['html', 'pdf'], default: 'html' })
  @IsOptional()
  @IsIn(['html', 'pdf'])
  format?: 'html' | 'pdf';
}

export class HistoryQueryDto {
  @ApiProperty({ required: false, description: 'what was believed at this instant (ISO 8601); default now' })
  @IsOptional()
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})$/)
  asOf?: string;
}

export class LinkReviewQueryDto {
  @ApiProperty({ required: false, description: 'platform code' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{1,39}$/)
  platform?: string;

  @ApiProperty({ required: false, default: 50, maximum: 200 })
  @IsOptional()
  @Matches(/^[0-9]{1,3}$/)
  limit?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;
}

export class LinkReviewDecisionDto {
  @ApiProperty({ enum: ['confirm', 'reject', 'unsure'] })
  @IsIn(['confirm', 'reject', 'unsure'])
  decision: 'confirm' | 'reject' | 'unsure';

  @ApiProperty({ required: false, description: "the taxpayer decided about (its id); default: the link's candidate" })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/)
  taxpayerId?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { RuleBook } from './rule-book';
import { CreateRuleVersionDto, RuleSetDto, RulesQueryDto, RuleVersionDto } from './rules.dto';
import { RulesService } from './rules.service';

/** The effective-dated rules: read by officers and auditors (every figure names its version), changed by admins. */
@ApiTags('rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Roles('admin', 'officer', 'auditor')
  @Get()
  @ApiOkResponse({ type: RuleSetDto })
  async get(@Query() query: RulesQueryDto): Promise<RuleSetDto> {
    const book = query.version ? await this.rules.version(query.version) : await this.rules.current();
    return toDto(book, query.asOf ?? null);
  }

  @Roles('admin', 'officer', 'auditor')
  @Get('versions')
  @ApiOkResponse({ type: [RuleVersionDto] })
  async versions(): Promise<RuleVersionDto[]> {
    return this.rules.versions();
  }

  /** A new version: the changes apply from their effective dates; earlier versions stay readable forever. */
  @Roles('admin')
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: RuleSetDto })
  async create(@Body() body: CreateRuleVersionDto, @CurrentPrincipal() principal: Principal): Promise<RuleSetDto> {
    const book = await this.rules.createVersion(body.changes, body.reason, principal.name);
    return toDto(book, null);
  }
}

function toDto(book: RuleBook, asOf: string | null): RuleSetDto {
  const values = book.values.filter((v) => asOf === null || (v.effectiveFrom <= asOf && (v.effectiveTo === null || v.effectiveTo >= asOf)));
  return {
    version: book.version,
    asOf,
    values: values.map((v) => ({ ...v, value: String(v.value) })),
  };
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { SqlService } from '../database/sql.service';
import { PROVINCE_FACTS } from '../identifiers/province';
import { CASE_STATUSES, SIGNAL_CODES } from '../reconciliation/signal-codes';
import { ConsoleErrors } from './console.errors';
import { LinkPairQueryDto, SellerSearchQueryDto } from './console-lookup.dto';
import { LinkPair, LinkPairService } from './link-pair.service';
import { SellerSearchResult, SellerSearchService } from './seller-search.service';

const PAIR_FIELDS = ['name', 'tax_code', 'email', 'address', 'date_of_birth', 'national_id_masked', 'phone_masked'];
const CATEGORIES = ['goods', 'services', 'production_transport', 'leasing', 'digital_content', 'other'];

/** Read-only helpers the console needs and no other module serves: the filter vocabularies and seller search. */
@ApiTags('console')
@ApiBearerAuth()
@Controller('v1/console')
export class ConsoleLookupController {
  constructor(
    private readonly sql: SqlService,
    private readonly sellers: SellerSearchService,
    private readonly pairs: LinkPairService,
    private readonly audit: AuditService,
  ) {}

  /** Platforms, the 34 provinces, statuses, signals and categories: the choices of the console's filters. */
  @Get('facets')
  @Roles('officer', 'auditor')
  async facets(): Promise<Record<string, unknown>> {
    const platforms = await this.sql.query(`SELECT code, name FROM platforms ORDER BY name`);
    return {
      platforms,
      provinces: PROVINCE_FACTS.new.map((p) => ({ code: p.code, name: p.name })).sort((a, b) => a.code.localeCompare(b.code)),
      statuses: CASE_STATUSES,
      signals: SIGNAL_CODES,
      categories: CATEGORIES,
    };
  }

  /** Sellers by tax code, national ID, phone, seller reference or name; each hit's reading is recorded. */
  @Get('seller-search')
  @Roles('officer', 'auditor')
  @ApiOkResponse({ description: '{ matchedAs, items }' })
  async search(@CurrentPrincipal() principal: Principal, @Query() query: SellerSearchQueryDto): Promise<SellerSearchResult> {
    let platformId: string | null = null;
    if (query.platform) {
      const [platform] = await this.sql.query<{ id: string }>(`SELECT id FROM platforms WHERE code = $1`, [query.platform]);
      if (!platform) throw ConsoleErrors.platformUnknown(query.platform);
      platformId = platform.id;
    }
    const result = await this.sellers.search(query.q, platformId, Math.min(Math.max(Number(query.limit ?? 20), 1), 50));
    if (result.items.length) {
      await this.audit.recordPersonalDataAccessMany(principal, 'platform_seller', result.items.map((i) => String(i.sellerId)), ['name', 'tax_code'], 'seller_search');
    }
    return result;
  }

  /** A seller and its candidate taxpayer side by side (masked), for link review; recorded as a reading of both. */
  @Get('link-pairs/:sellerId')
  @Roles('officer', 'auditor')
  async pair(@CurrentPrincipal() principal: Principal, @Param('sellerId') sellerId: string, @Query() query: LinkPairQueryDto): Promise<LinkPair> {
    if (!/^[0-9]{1,18}$/.test(sellerId)) throw ConsoleErrors.sellerNotFound(sellerId);
    const pair = await this.pairs.pair(sellerId, query.taxpayerId ?? null);
    await this.audit.recordPersonalDataAccess(principal, 'platform_seller', sellerId, PAIR_FIELDS, 'link_review');
    if (pair.taxpayer) await this.audit.recordPersonalDataAccess(principal, 'taxpayer', String(pair.taxpayer.id), PAIR_FIELDS, 'link_review');
    return pair;
  }
}

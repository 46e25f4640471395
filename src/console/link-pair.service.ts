import { Injectable } from '@nestjs/common';
import { SqlService } from '../database/sql.service';
import { displayTaxCode } from '../cases/letter/case-letter-facts';
import { ConsoleErrors } from './console.errors';

/** The fields both sides of a link are compared on, masked identifiers only (the order the console shows them in). */
const SELLER = `
  SELECT ps.id::text AS id, p.code AS platform, p.name AS "platformName", ps.seller_ref AS "sellerRef", so.shop_name AS "shopName",
         so.seller_name AS name, so.tax_code AS "taxCode", so.national_id_masked AS "nationalIdMasked", so.phone_masked AS "phoneMasked",
         so.email, so.address, so.province_new_code AS province, to_char(so.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", so.category
  FROM platform_sellers ps JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  WHERE ps.id = $1`;

const TAXPAYER = `
  SELECT tv.taxpayer_id::text AS id, tv.name, tv.tax_code AS "taxCode", tv.national_id_masked AS "nationalIdMasked", tv.phone_masked AS "phoneMasked",
         tv.email, tv.address, tv.province_new_code AS province, to_char(tv.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
         tv.business_category AS category, tv.status, to_char(tv.registered_on, 'YYYY-MM-DD') AS "registeredOn"
  FROM taxpayer_versions tv WHERE tv.taxpayer_id = $1 AND tv.valid_to IS NULL`;

const LINK = `
  SELECT sl.taxpayer_id::text AS "taxpayerId", sl.band, sl.score::text AS score, sl.explanation, sl.model_version AS "modelVersion"
  FROM seller_links sl WHERE sl.seller_id = $1`;

export interface LinkPair {
  seller: Record<string, unknown>;
  taxpayer: Record<string, unknown> | null;
  link: Record<string, unknown> | null;
}

/** A platform seller and the registry taxpayer its link (or an officer) points at, for side-by-side review. */
@Injectable()
export class LinkPairService {
  constructor(private readonly sql: SqlService) {}

  async pair(sellerId: string, taxpayerId: string | null): Promise<LinkPair> {
    const [seller] = await this.sql.query<Record<string, any>>(SELLER, [sellerId]);
    if (!seller) throw ConsoleErrors.sellerNotFound(sellerId);
    const [link] = await this.sql.query<Record<string, any>>(LINK, [sellerId]);
    const candidate = taxpayerId ?? link?.taxpayerId ?? null;
    const [taxpayer] = candidate ? await this.sql.query<Record<string, any>>(TAXPAYER, [candidate]) : [];
    return {
      seller: { ...seller, taxCode: displayTaxCode(seller.taxCode) },
      taxpayer: taxpayer ? { ...taxpayer, taxCode: displayTaxCode(taxpayer.taxCode) } : null,
      link: link ?? null,
    };
  }
}

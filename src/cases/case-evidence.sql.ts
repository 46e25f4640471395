/**
 * The statements behind GET /v1/cases/:id. Money is returned as text (bigint), personal identifiers only in their
 * `*_masked` form (the reveal route decrypts, after recording the reading).
 */
export const CASE_ROW = `
  SELECT c.id, c.entity_id AS "entityId", c.tax_year AS "taxYear", c.status, c.estimated_tax_at_risk::text AS "estimatedTaxAtRisk",
         c.link_confidence::text AS "linkConfidence", c.link_band AS "linkBand", c.taxpayer_id::text AS "taxpayerId",
         c.signal_codes AS "signalCodes", c.waiting_on AS "waitingOn", c.rule_version AS "ruleVersion",
         c.closed_estimate::text AS "closedEstimate", c.reopen_count AS "reopenCount", c.assigned_to AS "assignedTo",
         u.name AS "assigneeName", c.version, c.opened_at AS "openedAt", c.updated_at AS "updatedAt",
         c.evidence_updated_at AS "evidenceUpdatedAt", c.closed_at AS "closedAt", q.province_code AS province
  FROM cases c LEFT JOIN users u ON u.id = c.assigned_to LEFT JOIN case_queue q ON q.case_id = c.id
  WHERE c.id = $1`;

export const NOTIFICATION = `
  SELECT notified_at AS "notifiedAt", notified_on::text AS "notifiedOn", response_days AS "responseDays", response_due::text AS "responseDue"
  FROM case_notifications WHERE case_id = $1 ORDER BY id DESC LIMIT 1`;

export const ENTITY = `
  SELECT id, band, score::text AS score, taxpayer_id::text AS "taxpayerId", is_active AS "isActive", merged_into AS "mergedInto",
         created_at AS "createdAt", changed_at AS "changedAt"
  FROM seller_entities WHERE id = $1`;

export const TAXPAYER = `
  SELECT tv.taxpayer_id::text AS id, tv.version, tv.name, tv.tax_code AS "taxCode", tv.national_id_masked AS "nationalIdMasked",
         tv.phone_masked AS "phoneMasked", tv.email, tv.address, tv.province_new_code AS province, tv.business_category AS "businessCategory",
         tv.status, tv.registered_on::text AS "registeredOn", tv.valid_from AS "validFrom"
  FROM taxpayer_versions tv WHERE tv.taxpayer_id = $1 AND tv.valid_to IS NULL`;

/** The entity's shops across platforms, each with its current observation (masked) and its own link. */
export const SHOPS = `
  SELECT ps.id::text AS "sellerId", p.code AS platform, p.name AS "platformName", ps.seller_ref AS "sellerRef", ps.current_version AS version,
         so.shop_name AS "shopName", so.seller_name AS "sellerName", so.tax_code AS "taxCode", so.tax_code_error AS "taxCodeError",
         so.national_id_kind AS "nationalIdKind", so.national_id_masked AS "nationalIdMasked", so.phone_masked AS "phoneMasked",
         so.email, so.address, so.province_new_code AS province, so.category, so.is_resident AS "isResident",
         m.assigned_by AS "memberAssignedBy", m.assigned_at AS "memberSince",
         sl.band AS "linkBand", sl.score::text AS "linkScore", sl.taxpayer_id::text AS "linkTaxpayerId", sl.explanation AS "linkExplanation",
         sl.model_version AS "linkModelVersion", sl.rule_version AS "linkRuleVersion", sl.decided_by AS "linkDecidedBy", sl.decided_at AS "linkDecidedAt"
  FROM seller_entity_members m
  JOIN platform_sellers ps ON ps.id = m.seller_id
  JOIN platforms p ON p.id = ps.platform_id
  LEFT JOIN seller_observations so ON so.id = ps.current_observation_id
  LEFT JOIN seller_links sl ON sl.seller_id = ps.id
  WHERE m.entity_id = $1
  ORDER BY p.code, ps.seller_ref`;

/** Revenue and platform withholding per platform and quarter (reconciliation's chosen report per shop and quarter). */
export const REVENUE = `
  SELECT p.code AS platform, q.period, count(*)::int AS shops, sum(q.gross)::text AS gross, sum(q.refunds)::text AS refunds,
         sum(q.net)::text AS net, sum(q.vat_withheld)::text AS "vatWithheld", sum(q.pit_withheld)::text AS "pitWithheld",
         sum(q.tax_withheld)::text AS "taxWithheld", sum(q.withheld_revenue)::text AS "withheldRevenue",
         array_agg(DISTINCT q.source) AS sources,
         coalesce((SELECT array_agg(DISTINCT o ORDER BY o)::text[] FROM entity_shop_quarters q2, unnest(q2.observation_ids) o
                   WHERE q2.entity_id = $1 AND q2.tax_year = $2 AND q2.platform_id = q.platform_id AND q2.period = q.period), '{}') AS "observationIds"
  FROM entity_shop_quarters q JOIN platforms p ON p.id = q.platform_id
  WHERE q.entity_id = $1 AND q.tax_year = $2
  GROUP BY p.code, q.platform_id, q.period ORDER BY q.period, p.code`;

export const PERIODS = `
  SELECT period, period_kind AS kind, platform_net::text AS "platformNet", platform_gross::text AS "platformGross",
         withheld_vat::text AS "withheldVat", withheld_pit::text AS "withheldPit", withheld_total::text AS "withheldTotal",
         withheld_revenue::text AS "withheldRevenue", declared_revenue::text AS "declaredRevenue", lump_sum_revenue::text AS "lumpSumRevenue",
         declared_tax_paid::text AS "declaredTaxPaid", invoiced_revenue::text AS "invoicedRevenue", invoice_count AS "invoiceCount",
         platform_count AS "platformCount", shop_count AS "shopCount", registration_status AS "registrationStatus",
         taxpayer_status AS "taxpayerStatus", registered_on::text AS "registeredOn", declaration_ids::text[] AS "declarationIds", invoice_keys AS "invoiceKeys"
  FROM entity_periods WHERE entity_id = $1 AND tax_year = $2
  ORDER BY period_kind DESC, period`;

export const DECLARATIONS = `
  SELECT id::text, period, declared_revenue::text AS "declaredRevenue", tax_paid::text AS "taxPaid", filed_on::text AS "filedOn",
         version, filing_method AS "filingMethod", tax_code_masked AS "taxCodeMasked", taxpayer_id::text AS "taxpayerId", observed_at AS "observedAt"
  FROM declarations WHERE id = ANY ($1::bigint[]) ORDER BY period, version`;

/** Invoice aggregates named by reconciliation's keys `hex(seller_bidx):YYYY-MM`, summed per month. */
export const INVOICES = `
  SELECT to_char(a.month, 'YYYY-MM') AS month, sum(a.invoice_count)::int AS "invoiceCount", sum(a.total_before_tax)::text AS "totalBeforeTax",
         sum(a.tax_amount)::text AS "taxAmount", sum(a.total_payable)::text AS "totalPayable"
  FROM unnest($1::text[]) k
  JOIN invoice_aggregates a ON a.seller_bidx = decode(split_part(k, ':', 1), 'hex') AND a.month = (split_part(k, ':', 2) || '-01')::date
  GROUP BY a.month ORDER BY a.month`;

export const SIGNALS = `
  SELECT id::text, code, state, platform_revenue::text AS "platformRevenue", declared_revenue::text AS "declaredRevenue",
         estimated_tax_at_risk::text AS "estimatedTaxAtRisk", numbers, sources, rule_version AS "ruleVersion",
         rule_value_ids::text[] AS "ruleValueIds", raised_at AS "raisedAt", updated_at AS "updatedAt", cleared_at AS "clearedAt"
  FROM signals WHERE entity_id = $1 AND tax_year = $2
  ORDER BY state, estimated_tax_at_risk DESC, code`;

/**
 * SQL of the feature refresh. Feature rows are computed whole on the feature workers (stage-lines.ts: parsed names
 * and addresses, blocking keys, ID fragments), COPYed into `tmp_match_feat` and upserted set-based; PostgreSQL
 * only reads the sources and stores the result. Identifiers travel as hex of their blind index or ciphertext.
 */
export const FEATURE_STAGE_COLUMNS = [
  'rec_id', 'version', 'kind', 'nm', 'nm_sorted', 'nm_acc', 'fam', 'giv', 'alt', 'alt_sorted',
  'dob', 'byear', 'id_byear', 'ids_hex', 'tin', 'pid_enc_hex', 'pid_len', 'idf', 'phone_hex',
  'email', 'email_user', 'house', 'street', 'area', 'postcode', 'prov', 'skeys', 'bkeys',
] as const;

export const CREATE_FEATURE_STAGE = `
  CREATE TEMP TABLE IF NOT EXISTS tmp_match_feat (
    rec_id bigint PRIMARY KEY, version integer NOT NULL, kind text NOT NULL,
    nm text, nm_sorted text, nm_acc text, fam text, giv text, alt text, alt_sorted text,
    dob text, byear smallint, id_byear smallint, ids_hex text[], tin text, pid_enc_hex text, pid_len smallint,
    idf bigint[], phone_hex text, email text, email_user text, house text, street text, area text, postcode text,
    prov text, skeys bigint[], bkeys bigint[]
  ) ON COMMIT DELETE ROWS`;

const COLUMNS = [
  'version', 'kind', 'nm', 'nm_sorted', 'nm_acc', 'fam', 'giv', 'alt', 'alt_sorted', 'dob', 'byear', 'id_byear', 'ids', 'tin',
  'pid_enc', 'pid_len', 'idf', 'phone', 'email', 'email_user', 'house', 'street', 'area', 'postcode', 'prov',
  'skeys', 'bkeys', 'updated_at',
];

export function upsertFeatures(table: string, idColumn: string): string {
  return `
    INSERT INTO ${table} (${idColumn}, ${COLUMNS.join(', ')})
    SELECT rec_id, version, kind, nm, nm_sorted, nm_acc, fam, giv, alt, alt_sorted, dob, byear, id_byear,
           ARRAY(SELECT decode(h, 'hex') FROM unnest(ids_hex) AS h), tin, decode(pid_enc_hex, 'hex'), pid_len, idf,
           decode(phone_hex, 'hex'), email, email_user, house, street, area, postcode, prov, skeys, bkeys, now()
    FROM tmp_match_feat
    ON CONFLICT (${idColumn}) DO UPDATE SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;
}

/** The text and identifier fields of a seller's current observation, for `featureLine`. */
export const SELLER_FIELDS = `
  o.seller_name AS name, o.shop_name AS "shopName", o.address, o.province_raw AS "provinceRaw",
  o.province_new_code AS "provinceNewCode", o.email, to_char(o.date_of_birth, 'YYYY-MM-DD') AS dob,
  o.tax_code AS "taxRaw", NULL AS "prevTax",
  array_remove(ARRAY[encode(o.tax_code_bidx, 'hex'), encode(o.national_id_bidx, 'hex')], NULL) AS "idsHex",
  encode(coalesce(o.national_id_enc, o.tax_code_enc), 'hex') AS "nidEncHex", encode(o.phone_bidx, 'hex') AS "phoneHex"`;

/** The same for a taxpayer's version in force, with every identifier the registry knows it by. */
export const TAXPAYER_FIELDS = `
  v.name, v.address, v.province_raw AS "provinceRaw", v.province_new_code AS "provinceNewCode", v.email,
  to_char(v.date_of_birth, 'YYYY-MM-DD') AS dob, v.tax_code AS "taxRaw", i.prev_tax AS "prevTax",
  array_remove(ARRAY[encode(v.national_id_bidx, 'hex')], NULL) || coalesce(i.ids, '{}') AS "idsHex",
  encode(v.national_id_enc, 'hex') AS "nidEncHex", encode(v.phone_bidx, 'hex') AS "phoneHex"`;

/** Identifiers of one taxpayer `t` (LATERAL): every blind index, and the latest previous 10-digit code. */
export const TAXPAYER_IDENTIFIERS = `
  LEFT JOIN LATERAL (
    SELECT array_agg(encode(ti.bidx, 'hex')) AS ids,
           (array_agg(ti.tax_code ORDER BY ti.added_at DESC) FILTER (WHERE ti.kind = 'previous_tax_code' AND ti.tax_code IS NOT NULL))[1] AS prev_tax
    FROM taxpayer_identifiers ti WHERE ti.taxpayer_id = t.id
  ) AS i ON true`;

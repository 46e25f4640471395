import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity resolution (src/matching): comparison features of every seller and taxpayer, the versioned
 * Fellegi–Sunter models, runs and their touched sellers/entities, seller↔seller edges, officer decisions and
 * the append-only histories auditors query "as of T".
 *
 * - `match_*_features` hold only derived, non-reversible data: folded name keys, address parts, blind
 *   indexes (`ids`), keyed hashes of ID fragments (`idf`), and hashed blocking keys (`skeys` strong: identifiers,
 *   phone, e-mail; `bkeys` weak: names, dates, addresses).
 *   National IDs stay encrypted (`pid_enc` is a copy of the ciphertext); 10-digit tax codes are clear, as the
 *   core contract keeps them.
 * - `match_history` and `seller_entity_history` refuse UPDATE and DELETE: what we believed stays on record.
 */
export class Matching1795400400000 implements MigrationInterface {
  name = 'Matching1795400400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS fuzzystrmatch`);
    for (const [table, key, ref] of FEATURE_TABLES) {
      await db.query(`
        CREATE TABLE ${table} (
          ${key} bigint PRIMARY KEY REFERENCES ${ref} (id),
          version integer NOT NULL,
          kind text NOT NULL CHECK (kind IN ('person', 'business', 'shop', 'unknown')),
          nm text, nm_sorted text, nm_acc text, fam text, giv text,
          alt text, alt_sorted text,
          dob text, byear smallint, id_byear smallint,
          ids bytea[] NOT NULL DEFAULT '{}',
          tin text,
          pid_enc bytea, pid_len smallint,
          idf bigint[] NOT NULL DEFAULT '{}',
          phone bytea, email text, email_user text,
          house text, street text, area text, postcode text, prov text,
          skeys bigint[] NOT NULL DEFAULT '{}',
          bkeys bigint[] NOT NULL DEFAULT '{}',
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
      await db.query(`CREATE INDEX ${table}_skeys_gin ON ${table} USING gin (skeys)`);
      await db.query(`CREATE INDEX ${table}_bkeys_gin ON ${table} USING gin (bkeys)`);
    }

    await db.query(`
      CREATE TABLE match_term_freq (
        scope text NOT NULL,
        term text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (scope, term)
      )`);
    await db.query(`CREATE TABLE match_term_totals (scope text PRIMARY KEY, total bigint NOT NULL, refreshed_at timestamptz NOT NULL DEFAULT now())`);
    // Blocking keys shared by more than the cap on the reference side: too common to block on.
    await db.query(`CREATE TABLE match_block_stoplist (side text NOT NULL, key bigint NOT NULL, n integer NOT NULL, PRIMARY KEY (side, key))`);

    await db.query(`
      CREATE TABLE match_models (
        version text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('link', 'dedup')),
        params jsonb NOT NULL,
        thresholds jsonb NOT NULL,
        training jsonb NOT NULL,
        is_active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX match_models_active_key ON match_models (kind) WHERE is_active`);

    await db.query(`
      CREATE TABLE match_runs (
        id uuid PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('batch', 'decision', 'rerun')),
        batch_id uuid REFERENCES batches (id),
        state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
        retrain boolean NOT NULL DEFAULT false,
        link_model text,
        dedup_model text,
        stats jsonb NOT NULL DEFAULT '{}'::jsonb,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query(`CREATE INDEX match_runs_running_idx ON match_runs (started_at) WHERE state = 'running'`);
    await db.query(`CREATE TABLE match_run_sellers (run_id uuid NOT NULL REFERENCES match_runs (id), seller_id bigint NOT NULL, PRIMARY KEY (run_id, seller_id))`);
    await db.query(`CREATE TABLE match_run_entities (run_id uuid NOT NULL REFERENCES match_runs (id), entity_id uuid NOT NULL, PRIMARY KEY (run_id, entity_id))`);

    await db.query(`
      CREATE TABLE match_seller_edges (
        seller_lo bigint NOT NULL REFERENCES platform_sellers (id),
        seller_hi bigint NOT NULL REFERENCES platform_sellers (id),
        score numeric(7, 6) NOT NULL,
        match_weight numeric(9, 3) NOT NULL,
        band text NOT NULL CHECK (band IN ('auto', 'review')),
        explanation jsonb NOT NULL,
        model_version text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (seller_lo, seller_hi),
        CHECK (seller_lo < seller_hi)
      )`);
    await db.query(`CREATE INDEX match_seller_edges_hi_idx ON match_seller_edges (seller_hi)`);

    await this.decisions(db);
    await this.histories(db);
    await this.contractColumns(db);
    for (const sql of FUNCTIONS) await db.query(sql);
  }

  private async decisions(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE link_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        taxpayer_id bigint NOT NULL REFERENCES taxpayers (id),
        decision text NOT NULL CHECK (decision IN ('confirm', 'reject')),
        officer_user_id uuid,
        officer_name text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX link_decisions_seller_idx ON link_decisions (seller_id, created_at)`);
    // The decision in force per (seller, taxpayer): the latest one. A confirm of another taxpayer ends a confirm.
    await db.query(`
      CREATE TABLE link_decision_state (
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        taxpayer_id bigint NOT NULL REFERENCES taxpayers (id),
        decision text NOT NULL CHECK (decision IN ('confirm', 'reject')),
        decision_id uuid NOT NULL REFERENCES link_decisions (id),
        PRIMARY KEY (seller_id, taxpayer_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX link_decision_state_one_confirm_key ON link_decision_state (seller_id) WHERE decision = 'confirm'`);

    await db.query(`
      CREATE TABLE entity_decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('merge', 'split')),
        entity_ids uuid[] NOT NULL,
        seller_groups jsonb NOT NULL,
        officer_user_id uuid,
        officer_name text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE entity_constraints (
        seller_lo bigint NOT NULL REFERENCES platform_sellers (id),
        seller_hi bigint NOT NULL REFERENCES platform_sellers (id),
        kind text NOT NULL CHECK (kind IN ('must', 'cannot')),
        decision_id uuid NOT NULL REFERENCES entity_decisions (id),
        PRIMARY KEY (seller_lo, seller_hi),
        CHECK (seller_lo < seller_hi)
      )`);
    await db.query(`CREATE INDEX entity_constraints_hi_idx ON entity_constraints (seller_hi)`);
  }

  private async histories(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE match_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        seller_version integer NOT NULL,
        taxpayer_id bigint REFERENCES taxpayers (id),
        taxpayer_version integer,
        score numeric(7, 6),
        match_weight numeric(9, 3),
        band text NOT NULL CHECK (band IN ('auto', 'review', 'none', 'confirmed', 'rejected')),
        explanation jsonb NOT NULL,
        model_version text NOT NULL,
        rule_version text NOT NULL,
        decided_by text NOT NULL CHECK (decided_by IN ('system', 'officer')),
        decision_id uuid,
        run_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX match_history_seller_time_idx ON match_history (seller_id, recorded_at, id)`);
    await db.query(`CREATE INDEX match_history_recorded_brin ON match_history USING brin (recorded_at)`);
    await db.query(`CREATE INDEX match_history_run_idx ON match_history (run_id) WHERE run_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE seller_entity_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seller_id bigint NOT NULL REFERENCES platform_sellers (id),
        entity_id uuid NOT NULL REFERENCES seller_entities (id),
        assigned_by text NOT NULL CHECK (assigned_by IN ('system', 'officer')),
        run_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX seller_entity_history_seller_time_idx ON seller_entity_history (seller_id, recorded_at, id)`);

    await db.query(`
      CREATE FUNCTION match_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['match_history', 'seller_entity_history']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION match_history_append_only()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION match_history_append_only()`);
    }
  }

  /** What the contract tables need beyond the core columns. */
  private async contractColumns(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE seller_links
        ADD COLUMN taxpayer_version integer,
        ADD COLUMN rule_version text,
        ADD COLUMN run_id uuid`);
    // A merged entity is retired, never deleted (reconciliation and cases point at it): it names its successor.
    await db.query(`ALTER TABLE seller_entities ADD COLUMN merged_into uuid REFERENCES seller_entities (id)`);
    await db.query(`CREATE INDEX seller_entities_active_idx ON seller_entities (id) WHERE is_active`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const sql of DROP_FUNCTIONS) await db.query(sql);
    await db.query(`DROP INDEX seller_entities_active_idx`);
    await db.query(`ALTER TABLE seller_entities DROP COLUMN merged_into`);
    await db.query(`ALTER TABLE seller_links DROP COLUMN run_id, DROP COLUMN rule_version, DROP COLUMN taxpayer_version`);
    for (const table of [
      'seller_entity_history', 'match_history', 'entity_constraints', 'entity_decisions', 'link_decision_state',
      'link_decisions', 'match_seller_edges', 'match_run_entities', 'match_run_sellers', 'match_runs', 'match_models',
      'match_block_stoplist', 'match_term_totals', 'match_term_freq', ...FEATURE_TABLES.map(([t]) => t),
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP FUNCTION match_history_append_only()`);
    // fuzzystrmatch stays: dropping an extension another feature may have started using is not ours to do.
  }
}

const FEATURE_TABLES: Array<[table: string, key: string, ref: string]> = [
  ['match_seller_features', 'seller_id', 'platform_sellers'],
  ['match_taxpayer_features', 'taxpayer_id', 'taxpayers'],
];

/**
 * Comparison levels as SQL functions (LANGUAGE sql, IMMUTABLE, one expression: the planner inlines them).
 * Levels count up from 0 = disagree; NULL = nothing to compare. src/matching/model/comparisons.ts names them.
 */
const FUNCTIONS = [
  // 'one_digit' (one substitution) or 'transposition' (two adjacent characters swapped) between equal-length
  // strings (ID digits, or the letters of a name part). Callers guard with cheap tests (length, levenshtein) first.
  `CREATE FUNCTION ect_match_digit_slip(a text, b text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
    DECLARE
      n integer := length(a);
      first integer := 0;
    BEGIN
      IF a IS NULL OR b IS NULL OR n <> length(b) OR a = b THEN RETURN NULL; END IF;
      FOR i IN 1..n LOOP
        IF substr(a, i, 1) <> substr(b, i, 1) THEN first := i; EXIT; END IF;
      END LOOP;
      IF substr(a, first + 1) = substr(b, first + 1) THEN RETURN 'one_digit'; END IF;
      IF first < n AND substr(a, first, 1) = substr(b, first + 1, 1) AND substr(a, first + 1, 1) = substr(b, first, 1)
         AND substr(a, first + 2) = substr(b, first + 2) THEN RETURN 'transposition'; END IF;
      RETURN NULL;
    END $fn$`,
  // Two words (name parts) that differ only by a typo. Short words must be equal: in Vietnamese, "Lan" and "Lam"
  // are two names, not a typo.
  `CREATE FUNCTION ect_match_token_close(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT a = b OR (least(length(a), length(b)) >= 5 AND (
      levenshtein(a, b) <= CASE WHEN least(length(a), length(b)) >= 8 THEN 2 ELSE 1 END
      OR (length(a) = length(b) AND levenshtein(a, b) = 2 AND ect_match_digit_slip(a, b) = 'transposition'))) $fn$`,
  // The same words up to typos, in any order: every word of one name pairs with a close word of the other
  // ("amelua graham jones" / "graham jones amelia"). Callers first check that the names are close overall.
  `CREATE FUNCTION ect_match_tokens_close(a text, b text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
    DECLARE
      xs text[] := string_to_array(a, ' ');
      ys text[] := string_to_array(b, ' ');
      used boolean[] := array_fill(false, ARRAY[coalesce(array_length(string_to_array(b, ' '), 1), 0)]);
      found boolean;
    BEGIN
      IF cardinality(xs) <> cardinality(ys) OR cardinality(xs) < 2 THEN RETURN false; END IF;
      FOR i IN 1..cardinality(xs) LOOP
        found := false;
        FOR j IN 1..cardinality(ys) LOOP
          IF NOT used[j] AND ect_match_token_close(xs[i], ys[j]) THEN used[j] := true; found := true; EXIT; END IF;
        END LOOP;
        IF NOT found THEN RETURN false; END IF;
      END LOOP;
      RETURN true;
    END $fn$`,
  // The middle words of a family-first key ("nguyen van hung" → "van"; '' when there are none).
  `CREATE FUNCTION ect_match_middle(nm text, fam text, giv text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT btrim(substr(nm, length(fam) + 2, greatest(length(nm) - length(fam) - length(giv) - 1, 0))) $fn$`,
  // 5 same name; 4 same words in another order; 3 a typo (or the same letters with other tone marks);
  // 2 a word left out (the middle name) or family and given names agree while one lacks a middle name;
  // 1 one part agrees (family or given name; mostly the same letters); 0 different.
  `CREATE FUNCTION ect_match_name_level(a_nm text, a_sorted text, a_acc text, a_fam text, a_giv text,
                                        b_nm text, b_sorted text, b_acc text, b_fam text, b_giv text)
   RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT (CASE
      WHEN a_sorted IS NULL OR b_sorted IS NULL THEN NULL
      WHEN a_sorted = b_sorted AND (a_acc IS NULL OR b_acc IS NULL OR a_acc = b_acc) THEN CASE WHEN a_nm = b_nm THEN 5 ELSE 4 END
      WHEN a_sorted = b_sorted THEN 3
      WHEN a_fam IS NOT NULL AND b_fam IS NOT NULL THEN CASE
        WHEN (ect_match_token_close(a_fam, b_fam) AND ect_match_token_close(a_giv, b_giv)
              AND ect_match_middle(a_nm, a_fam, a_giv) = ect_match_middle(b_nm, b_fam, b_giv))
          OR (abs(length(a_sorted) - length(b_sorted)) <= 2 AND levenshtein(a_sorted, b_sorted) <= 6
              AND ect_match_tokens_close(a_sorted, b_sorted)) THEN 3
        WHEN (length(a_sorted) <> length(b_sorted)
              AND (string_to_array(a_sorted, ' ') <@ string_to_array(b_sorted, ' ') OR string_to_array(a_sorted, ' ') @> string_to_array(b_sorted, ' ')))
          OR (ect_match_token_close(a_fam, b_fam) AND ect_match_token_close(a_giv, b_giv)
              AND (ect_match_middle(a_nm, a_fam, a_giv) = '' OR ect_match_middle(b_nm, b_fam, b_giv) = '')) THEN 2
        WHEN ect_match_token_close(a_fam, b_fam) OR ect_match_token_close(a_giv, b_giv)
          OR ect_match_token_close(a_fam, b_giv) OR ect_match_token_close(a_giv, b_fam) THEN 1
        ELSE 0 END
      WHEN levenshtein(a_nm, b_nm) <= CASE WHEN least(length(a_nm), length(b_nm)) >= 10 THEN 2 WHEN least(length(a_nm), length(b_nm)) >= 5 THEN 1 ELSE 0 END
        OR (abs(length(a_sorted) - length(b_sorted)) <= 2 AND levenshtein(a_sorted, b_sorted) <= 6 AND ect_match_tokens_close(a_sorted, b_sorted)) THEN 3
      WHEN length(a_sorted) <> length(b_sorted)
        AND (string_to_array(a_sorted, ' ') <@ string_to_array(b_sorted, ' ') OR string_to_array(a_sorted, ' ') @> string_to_array(b_sorted, ' ')) THEN 2
      -- Trigram similarity (the costly test, once): 0.6 and above partial, 0.4 and above one part.
      ELSE greatest(width_bucket(similarity(a_sorted, b_sorted), ARRAY[0.4, 0.6]::real[]),
                    CASE WHEN ect_match_token_close(a_giv, coalesce(b_fam, b_giv)) OR ect_match_token_close(a_giv, b_giv)
                           OR ect_match_token_close(b_giv, coalesce(a_fam, a_giv)) THEN 1 ELSE 0 END)
    END)::smallint $fn$`,
  // 3 same date, 2 one digit off or day and month swapped, 1 same birth year (a CCCD encodes it), 0 different.
  `CREATE FUNCTION ect_match_dob_level(a_dob text, a_year smallint, b_dob text, b_year smallint)
   RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT (CASE
      WHEN (a_dob IS NULL AND a_year IS NULL) OR (b_dob IS NULL AND b_year IS NULL) THEN NULL
      WHEN a_dob = b_dob THEN 3
      WHEN levenshtein(a_dob, b_dob) = 1
        OR (left(a_dob, 4) = left(b_dob, 4) AND substr(a_dob, 5, 2) = substr(b_dob, 7, 2) AND substr(a_dob, 7, 2) = substr(b_dob, 5, 2)) THEN 2
      WHEN a_year = b_year THEN 1
      ELSE 0
    END)::smallint $fn$`,
  // 2 same address, 1 same local part or one typo, 0 different.
  `CREATE FUNCTION ect_match_email_level(a text, a_user text, b text, b_user text)
   RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT (CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a = b THEN 2
      WHEN a_user = b_user OR levenshtein(a, b) <= 1 THEN 1 ELSE 0 END)::smallint $fn$`,
  // Two provinces that cannot be the same place: both recognised (codes, old and new names already mapped to the
  // 34-list) and different. Unrecognised text ("new york" / "new york city") never vetoes.
  `CREATE FUNCTION ect_match_province_conflict(a text, b text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(a <> b AND a ~ '^[0-9]+$' AND b ~ '^[0-9]+$', false) $fn$`,
  // 4 house number and street, 3 street, 2 ward/area or postcode, 1 province, 0 different. A street counts only
  // inside one province (every city has a Lê Lợi street) unless the postcodes agree (a mistyped province).
  `CREATE FUNCTION ect_match_address_level(a_house text, a_street text, a_area text, a_post text, a_prov text,
                                           b_house text, b_street text, b_area text, b_post text, b_prov text)
   RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT (CASE
      WHEN coalesce(a_house, a_street, a_area, a_post, a_prov) IS NULL OR coalesce(b_house, b_street, b_area, b_post, b_prov) IS NULL THEN NULL
      WHEN (a_street = b_street OR levenshtein(a_street, b_street) <= CASE WHEN least(length(a_street), length(b_street)) >= 8 THEN 2 ELSE 1 END)
        AND (NOT ect_match_province_conflict(a_prov, b_prov) OR a_post = b_post)
        THEN CASE WHEN a_house = b_house THEN 4 ELSE 3 END
      WHEN a_post = b_post
        OR ((a_area = b_area OR similarity(a_area, b_area) >= 0.5) AND NOT ect_match_province_conflict(a_prov, b_prov)) THEN 2
      WHEN a_prov = b_prov THEN 1
      ELSE 0
    END)::smallint $fn$`,
];

const DROP_FUNCTIONS = [
  'DROP FUNCTION ect_match_address_level(text, text, text, text, text, text, text, text, text, text)',
  'DROP FUNCTION ect_match_province_conflict(text, text)',
  'DROP FUNCTION ect_match_email_level(text, text, text, text)',
  'DROP FUNCTION ect_match_dob_level(text, smallint, text, smallint)',
  'DROP FUNCTION ect_match_name_level(text, text, text, text, text, text, text, text, text, text)',
  'DROP FUNCTION ect_match_middle(text, text, text)',
  'DROP FUNCTION ect_match_tokens_close(text, text)',
  'DROP FUNCTION ect_match_token_close(text, text)',
  'DROP FUNCTION ect_match_digit_slip(text, text)',
];

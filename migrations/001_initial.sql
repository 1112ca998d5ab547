-- Accrue schema, version 1. Money is BIGINT; the application checks every
-- amount against Number.MAX_SAFE_INTEGER at its edges.

CREATE TABLE players (
  id                BIGSERIAL PRIMARY KEY,
  username          TEXT NOT NULL,
  password_hash     TEXT NOT NULL,
  balance           BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
  income_per_second BIGINT NOT NULL DEFAULT 0 CHECK (income_per_second >= 0),
  -- Sub-unit income carried between settles, in unit-milliseconds (0..999).
  income_carry      BIGINT NOT NULL DEFAULT 0 CHECK (income_carry >= 0 AND income_carry < 1000),
  -- Database time (ms since epoch) up to which income is in `balance`.
  accrued_ms        BIGINT NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1,
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX players_username_lower ON players (lower(username));
-- The tick walks only players that earn something.
CREATE INDEX players_earning ON players (id) WHERE income_per_second > 0;

CREATE TABLE sessions (
  token_hash  BYTEA PRIMARY KEY,
  player_id   BIGINT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_player ON sessions (player_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE items (
  id                BIGINT PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE,
  cost              BIGINT NOT NULL CHECK (cost > 0),
  income_per_second BIGINT NOT NULL CHECK (income_per_second > 0)
);

CREATE TABLE holdings (
  player_id BIGINT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
  item_id   BIGINT NOT NULL REFERENCES items (id),
  quantity  BIGINT NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (player_id, item_id)
);

CREATE TABLE ledger_entries (
  id            BIGSERIAL PRIMARY KEY,
  player_id     BIGINT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind IN ('signup_grant', 'grant', 'purchase', 'transfer_in', 'transfer_out')),
  amount        BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  version       BIGINT NOT NULL,
  ref           JSONB NOT NULL DEFAULT '{}',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_player ON ledger_entries (player_id, id DESC);
CREATE INDEX ledger_entries_player_version ON ledger_entries (player_id, version);

CREATE TABLE idempotency_keys (
  player_id   BIGINT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  -- The action and its parameters; the same key with others is a conflict.
  fingerprint TEXT NOT NULL,
  response    JSONB,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (player_id, key)
);

CREATE TABLE ticks (
  due_ms      BIGINT PRIMARY KEY,
  started_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  finished_at TIMESTAMPTZ,
  duration_ms INTEGER,
  settled     INTEGER NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 1,
  node_id     TEXT NOT NULL
);

-- Database clock in whole milliseconds: the only clock income is measured by.
CREATE FUNCTION accrue_now_ms() RETURNS BIGINT
  LANGUAGE SQL VOLATILE
  AS $$ SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT $$;

-- Income earned from `from_ms` to `to_ms` at `rate` units a second, plus the
-- carried remainder, in unit-milliseconds: credit is this div 1000, the new
-- carry this mod 1000. NUMERIC so a large rate over a long absence cannot
-- overflow.
CREATE FUNCTION accrue_unit_ms(rate BIGINT, from_ms BIGINT, to_ms BIGINT, carry BIGINT) RETURNS NUMERIC
  LANGUAGE SQL IMMUTABLE
  AS $$ SELECT rate::NUMERIC * GREATEST(to_ms - from_ms, 0) + carry $$;

-- Geonode.Scraper.PostgreSql: coordination schema, version 1 (docs/scale-out.md describes every table).
--
-- Idempotent: running it again changes nothing. The package applies it by itself when it starts (unless
-- PostgreSqlCoordinationOptions.ApplySchema is false), in one transaction under an advisory lock, so that replicas that
-- start together do not race. To apply it yourself, as a role allowed to create the schema (PostgreSQL 12 or later):
--
--   psql "host=... dbname=... user=..." -X -1 -v ON_ERROR_STOP=1 -v schema=geonode_scraper -f 001_coordination.sql
--
-- then let the application's role use it:
--
--   GRANT USAGE ON SCHEMA geonode_scraper TO app;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA geonode_scraper TO app;
--
-- Every object lives in the schema named by the psql variable `schema` (the package substitutes the configured name).

CREATE SCHEMA IF NOT EXISTS :"schema";

CREATE TABLE IF NOT EXISTS :"schema".schema_version (
    version     integer     PRIMARY KEY,
    description text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE :"schema".schema_version IS
    'Geonode.Scraper.PostgreSql: one row per schema script applied. Kept forever.';

-- IJobLedger: one row per unit of work started under an idempotency key (the entry id). The primary key is what makes a
-- claim exclusive: INSERT ... ON CONFLICT decides in one statement who owns the work.
CREATE TABLE IF NOT EXISTS :"schema".job_ledger (
    entry_id         text        PRIMARY KEY,
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    kind             text        NOT NULL,
    recorded_at      timestamptz NOT NULL,
    url              text,
    url_count        integer,
    request_json     text,
    job_id           text,
    state            text        NOT NULL CHECK (state IN ('claimed', 'sending', 'started', 'finished')),
    owner            text,
    previous_owner   text,
    lease_expires_at timestamptz,
    final_status     text,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS job_ledger_job_id ON :"schema".job_ledger (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS job_ledger_in_flight ON :"schema".job_ledger (seq) WHERE state <> 'finished';
CREATE INDEX IF NOT EXISTS job_ledger_owner ON :"schema".job_ledger (owner) WHERE state <> 'finished';
CREATE INDEX IF NOT EXISTS job_ledger_finished_at ON :"schema".job_ledger (finished_at) WHERE state = 'finished';
COMMENT ON TABLE :"schema".job_ledger IS
    'Geonode.Scraper.PostgreSql: the job ledger. One row per idempotency key: the request (without target-site headers, never the API key), the job id, the state (claimed, sending, started, finished), the owner and its lease (database clock). Finished rows are deleted after FinishedRetention (7 days by default).';

-- IJobCompletionSignal: one row per wake-up sent (a webhook delivery that said a job completed). The NOTIFY that carries it
-- to every replica is sent in the same transaction and holds the job id only.
CREATE TABLE IF NOT EXISTS :"schema".job_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id     text        NOT NULL,
    sender     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS job_events_created_at ON :"schema".job_events (created_at);
CREATE INDEX IF NOT EXISTS job_events_job_id ON :"schema".job_events (job_id);
COMMENT ON TABLE :"schema".job_events IS
    'Geonode.Scraper.PostgreSql: the wake-ups sent to every replica (job id, sending replica, time). Deleted after EventRetention (1 day by default).';

-- IJobConcurrencyLimiter: one row per slot held now. A holder renews expires_at while it holds the slot; a row whose lease
-- has expired (its holder died) no longer counts and is deleted by the next acquirer.
CREATE TABLE IF NOT EXISTS :"schema".concurrency_slots (
    name        text        NOT NULL,
    holder      text        NOT NULL,
    owner       text        NOT NULL,
    acquired_at timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (name, holder)
);
CREATE INDEX IF NOT EXISTS concurrency_slots_owner ON :"schema".concurrency_slots (owner);
COMMENT ON TABLE :"schema".concurrency_slots IS
    'Geonode.Scraper.PostgreSql: the slots of the shared concurrency limits held now (pool name, holder, owning replica, lease on the database clock). Deleted when released, or once the lease has expired.';

-- ITokenBudgetStore: per named budget and job, the highest figure of tokens charged seen so far.
CREATE TABLE IF NOT EXISTS :"schema".token_budgets (
    budget_name text        NOT NULL,
    job_id      text        NOT NULL,
    tokens      bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (budget_name, job_id)
);
CREATE INDEX IF NOT EXISTS token_budgets_updated_at ON :"schema".token_budgets (budget_name, updated_at);
COMMENT ON TABLE :"schema".token_budgets IS
    'Geonode.Scraper.PostgreSql: per named token budget and job, the most tokens the job was seen charged. A budget none of whose rows changed for BudgetRetention (30 days by default) is deleted.';

INSERT INTO :"schema".schema_version (version, description)
VALUES (1, 'job ledger, job events, concurrency slots, token budgets')
ON CONFLICT (version) DO NOTHING;

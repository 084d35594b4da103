-- The recovery service's store (docs/recovery-service.md). Flyway creates the schema
-- lockstep_recovery (spring.flyway.schemas); every statement names it, so the service's
-- connection needs no search_path.

-- One item per row that needs attention: identity is the table and its key, so a failed row and
-- the verifier's discrepancy about the same row, and the same record read twice, are one item.
CREATE TABLE lockstep_recovery.item (
  id               bigserial PRIMARY KEY,
  table_name       text        NOT NULL,
  key_json         text        NOT NULL,
  kind             text        NOT NULL,
  state            text        NOT NULL,
  source_topic     text,
  source_partition integer,
  source_offset    bigint,
  position         text,
  first_seen       timestamptz NOT NULL,
  last_seen        timestamptz NOT NULL,
  attempts         integer     NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  lease_until      timestamptz,
  last_error       text,
  resolution       text,
  record           text,
  version          bigint      NOT NULL DEFAULT 0,
  CONSTRAINT item_identity UNIQUE (table_name, key_json),
  CONSTRAINT item_state CHECK (state IN ('PENDING', 'RETRYING', 'RESOLVED', 'ESCALATED', 'MANUAL'))
);

-- The retry scheduler's query: due items, oldest first.
CREATE INDEX item_due ON lockstep_recovery.item (next_attempt_at) WHERE state IN ('PENDING', 'RETRYING');
CREATE INDEX item_state_seen ON lockstep_recovery.item (state, last_seen);

CREATE TABLE lockstep_recovery.item_attempt (
  id        bigserial PRIMARY KEY,
  item_id   bigint      NOT NULL REFERENCES lockstep_recovery.item (id) ON DELETE CASCADE,
  attempt   integer     NOT NULL,
  at        timestamptz NOT NULL,
  outcome   text        NOT NULL,
  detail    text
);
CREATE INDEX item_attempt_item ON lockstep_recovery.item_attempt (item_id);

CREATE TABLE lockstep_recovery.reconcile_run (
  id               bigserial PRIMARY KEY,
  table_name       text        NOT NULL,
  scope            text        NOT NULL,
  scope_json       text        NOT NULL,
  mode             text        NOT NULL,
  state            text        NOT NULL,
  requested_by     text        NOT NULL,
  reason           text,
  rows_compared    bigint      NOT NULL DEFAULT 0,
  differences      bigint      NOT NULL DEFAULT 0,
  rows_repaired    bigint      NOT NULL DEFAULT 0,
  checkpoint_json  text,
  error            text,
  owner            text,
  heartbeat_at     timestamptz,
  created_at       timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  CONSTRAINT run_scope CHECK (scope IN ('TABLE', 'RANGE', 'KEYS')),
  CONSTRAINT run_mode CHECK (mode IN ('DRY_RUN', 'REPAIR')),
  CONSTRAINT run_state CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))
);
CREATE INDEX reconcile_run_queued ON lockstep_recovery.reconcile_run (created_at) WHERE state IN ('QUEUED', 'RUNNING');

CREATE TABLE lockstep_recovery.reconcile_difference (
  id           bigserial PRIMARY KEY,
  run_id       bigint  NOT NULL REFERENCES lockstep_recovery.reconcile_run (id) ON DELETE CASCADE,
  key_json     text    NOT NULL,
  kind         text    NOT NULL,
  columns_json text,
  repaired     boolean NOT NULL,
  CONSTRAINT difference_once UNIQUE (run_id, key_json)
);

-- Every mutating API call, also refused and failed ones.
CREATE TABLE lockstep_recovery.audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text        NOT NULL,
  action      text        NOT NULL,
  target      text,
  parameters  text,
  status      integer     NOT NULL,
  result      text        NOT NULL
);
CREATE INDEX audit_log_at ON lockstep_recovery.audit_log (at);

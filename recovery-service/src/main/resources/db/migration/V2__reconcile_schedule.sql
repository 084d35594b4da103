-- Scheduled reconciliation (lockstep.reconcile.schedules). One row per configured schedule, shared
-- by every instance: the instance whose UPDATE moves next_fire_at past a due time is the only one
-- that acts on that due time. A row whose entry was removed from the configuration is left alone
-- (another instance of a rolling update may still have it) and no longer fires here.
CREATE TABLE lockstep_recovery.reconcile_schedule (
  schedule_key  text        PRIMARY KEY,
  table_name    text        NOT NULL,
  cron          text        NOT NULL,
  zone          text        NOT NULL,
  mode          text        NOT NULL,
  next_fire_at  timestamptz NOT NULL,
  last_due_at   timestamptz,
  last_fired_at timestamptz,
  last_outcome  text,
  last_detail   text,
  -- The last run this schedule queued; not a foreign key, so runs can be purged independently.
  last_run_id   bigint,
  created_at    timestamptz NOT NULL,
  CONSTRAINT schedule_mode CHECK (mode IN ('DRY_RUN', 'REPAIR')),
  CONSTRAINT schedule_outcome CHECK (last_outcome IN ('QUEUED', 'SKIPPED_ACTIVE_RUN', 'UNKNOWN_TABLE'))
);

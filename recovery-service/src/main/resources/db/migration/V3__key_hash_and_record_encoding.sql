-- Identity by the SHA-256 of the key rather than the key itself (issue 15). A btree entry holds at
-- most about 2.7 kB, so a row whose key is longer (a long text primary key) could not be inserted
-- into the unique index, and that one record stopped the ingest. key_hash is computed by
-- PostgreSQL from the key's UTF-8, here and in every statement (sha256 needs PostgreSQL 11).
ALTER TABLE lockstep_recovery.item ADD COLUMN key_hash bytea;
UPDATE lockstep_recovery.item SET key_hash = sha256(convert_to(key_json, 'UTF8'));
ALTER TABLE lockstep_recovery.item ALTER COLUMN key_hash SET NOT NULL;
ALTER TABLE lockstep_recovery.item DROP CONSTRAINT item_identity;
ALTER TABLE lockstep_recovery.item ADD CONSTRAINT item_identity UNIQUE (table_name, key_hash);

-- How record holds the record's bytes: TEXT (UTF-8, as on the topic) or BASE64, for a value that
-- is not UTF-8 or holds a U+0000, which a text value cannot (only records nobody could read).
ALTER TABLE lockstep_recovery.item
  ADD COLUMN record_encoding text NOT NULL DEFAULT 'TEXT',
  ADD CONSTRAINT item_record_encoding CHECK (record_encoding IN ('TEXT', 'BASE64'));

-- The same for the differences of a reconciliation run, whose keys are the same keys.
ALTER TABLE lockstep_recovery.reconcile_difference ADD COLUMN key_hash bytea;
UPDATE lockstep_recovery.reconcile_difference SET key_hash = sha256(convert_to(key_json, 'UTF8'));
ALTER TABLE lockstep_recovery.reconcile_difference ALTER COLUMN key_hash SET NOT NULL;
ALTER TABLE lockstep_recovery.reconcile_difference DROP CONSTRAINT difference_once;
ALTER TABLE lockstep_recovery.reconcile_difference
  ADD CONSTRAINT difference_once UNIQUE (run_id, key_hash);

package io.lockstep.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Every option of a pipeline file, with its type, default and description. This is the single
 * source of the configuration reference; keys not declared here are rejected, except below the
 * pass-through prefixes in {@link #PASS_THROUGH_PREFIXES}.
 *
 * <p>Longer than our usual 400 lines by design: it holds declarations only, one per option, so that
 * the loader, the validation and the generated reference (docs/configuration.md) have one source.
 */
public final class PipelineOptions {

  private static final String IDENTIFIER = "[a-z][a-z0-9_]*";

  public static final PipelineOption<String> PIPELINE_NAME =
      PipelineOption.key("pipeline.name", OptionType.STRING)
          .required()
          .rule(
              "must be lower case letters, digits and '_', starting with a letter",
              v -> v.matches(IDENTIFIER))
          .description(
              "Name of the pipeline. Used in the replication slot, publication and consumer-group"
                  + " names, so it must stay the same across restarts.");

  public static final PipelineOption<DatabaseType> SOURCE_TYPE =
      PipelineOption.key("source.type", OptionType.choice(DatabaseType.class))
          .defaultValue(DatabaseType.POSTGRES)
          .description(
              "Source engine: 'postgres' (PostgreSQL 11+, logical decoding with pgoutput),"
                  + " 'mariadb' (MariaDB 10.6+) or 'mysql' (MySQL 8; read through the same"
                  + " binlog connector, tested on MariaDB only).");

  public static final PipelineOption<String> SOURCE_HOST =
      PipelineOption.key("source.host", OptionType.STRING)
          .required()
          .description("Host name or address of the source database.");

  public static final PipelineOption<Integer> SOURCE_PORT =
      PipelineOption.key("source.port", OptionType.INTEGER)
          .rule("must be between 1 and 65535", v -> v >= 1 && v <= 65535)
          .description(
              "Port of the source database. Default: 5432 for postgres, 3306 for mariadb and"
                  + " mysql.");

  public static final PipelineOption<String> SOURCE_DATABASE =
      PipelineOption.key("source.database", OptionType.STRING)
          .required()
          .description("Database to capture.");

  public static final PipelineOption<String> SOURCE_USER =
      PipelineOption.key("source.user", OptionType.STRING)
          .required()
          .description(
              "User for capture. PostgreSQL: the REPLICATION attribute and SELECT on the captured"
                  + " tables. MariaDB/MySQL: SELECT, RELOAD, REPLICATION SLAVE and REPLICATION"
                  + " CLIENT.");

  /** Environment variable names as shells and Kubernetes write them. */
  private static final String VARIABLE_NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private static final String NAMES_A_VARIABLE =
      "should name an environment variable (letters, digits and '_', not starting with a digit)";

  private static final String NAMES_A_FILE =
      "should name a file by its absolute path, without spaces (for example"
          + " /var/run/secrets/lockstep/password)";

  public static final PipelineOption<String> SOURCE_PASSWORD_ENV =
      PipelineOption.key("source.password-env", OptionType.STRING)
          .secretFromEnvironment()
          .rule(NAMES_A_VARIABLE, v -> v.matches(VARIABLE_NAME))
          .description(
              "Name of the environment variable holding the source password, read by each"
                  + " process when it connects (on a cluster: the JobManager and every"
                  + " TaskManager). The password never appears in the file, the job graph or"
                  + " logs. Give this or source.password-file.");

  public static final PipelineOption<String> SOURCE_PASSWORD_FILE =
      PipelineOption.key("source.password-file", OptionType.STRING)
          .secretFromFile()
          .rule(NAMES_A_FILE, v -> v.matches("/\\S*"))
          .description(
              "File holding the source password (a mounted Kubernetes secret, for example), read"
                  + " each time a task connects, so a rotated password is used from the next"
                  + " restart; line breaks at its end are ignored. Give this or"
                  + " source.password-env.");

  private static final String COMPILES =
      "must be regular expressions Java can compile (check brackets, and escape a literal dot as"
          + " \\\\.)";

  public static final PipelineOption<List<String>> SOURCE_TABLES =
      PipelineOption.key("source.tables", OptionType.STRING_LIST)
          .required()
          .rule("must name at least one table", v -> !v.isEmpty())
          .rule(COMPILES, PipelineOptions::compiles)
          .description(
              "Tables to capture, as 'schema.table' regular expressions (for example"
                  + " 'public.orders' or 'sales\\..*').");

  public static final PipelineOption<List<String>> SOURCE_EXCLUDE_TABLES =
      PipelineOption.key("source.exclude-tables", OptionType.STRING_LIST)
          .defaultValue(List.of())
          .rule(COMPILES, PipelineOptions::compiles)
          .description(
              "Tables not to capture although source.tables matches them, as 'schema.table'"
                  + " regular expressions (on MariaDB/MySQL the schema is the database).");

  public static final PipelineOption<List<String>> SOURCE_EXCLUDE_COLUMNS =
      PipelineOption.key("source.exclude-columns", OptionType.STRING_LIST)
          .defaultValue(List.of())
          .rule(COMPILES, PipelineOptions::compiles)
          .description(
              "Columns never captured nor written, as 'schema.table.column' regular expressions."
                  + " A key column cannot be excluded.");

  public static final PipelineOption<List<String>> SOURCE_KEY_COLUMNS =
      PipelineOption.key("source.key-columns", OptionType.STRING_LIST)
          .defaultValue(List.of())
          .rule(
              "each entry must be 'schema.table:column[,column...]' with names as they are"
                  + " written, unquoted (a name holding ':', or a column name holding ',', cannot"
                  + " be given here)",
              v -> v.stream().allMatch(PipelineOptions::isKeyColumnsEntry))
          .description(
              "Key columns for tables without a primary key (like GoldenGate's KEYCOLS), as"
                  + " 'schema.table:col1,col2'. The columns must identify a row: Lockstep routes,"
                  + " upserts and deletes by them. A captured table with neither a primary key nor"
                  + " an entry here is refused at start-up.");

  public static final PipelineOption<Boolean> SOURCE_ALLOW_ZERO_DATES =
      PipelineOption.key("source.allow-zero-dates", OptionType.BOOLEAN)
          .defaultValue(false)
          .description(
              "MariaDB/MySQL only: start even though the source's sql_mode lets zero dates"
                  + " ('0000-00-00') be written. Debezium reads a zero date as NULL (as"
                  + " 1970-01-01 in a NOT NULL column), so such values reach the target altered."
                  + " Off by default: the preflight then refuses a source whose global sql_mode"
                  + " lacks NO_ZERO_DATE, NO_ZERO_IN_DATE or strict mode.");

  public static final PipelineOption<Integer> SOURCE_SERVER_ID =
      PipelineOption.key("source.server-id", OptionType.INTEGER)
          .rule("must be between 1 and 2147483647", v -> v >= 1)
          .description(
              "MariaDB/MySQL only: the replica server id the capture uses on the binlog, unique"
                  + " among the source's replicas. Default: derived from pipeline.name.");

  public static final PipelineOption<String> SOURCE_SLOT_NAME =
      PipelineOption.key("source.slot-name", OptionType.STRING)
          .rule(
              "must be lower case letters, digits and '_', starting with a letter",
              v -> v.matches(IDENTIFIER))
          .description("Logical replication slot to use. Default: lockstep_<pipeline.name>.");

  public static final PipelineOption<String> SOURCE_PUBLICATION_NAME =
      PipelineOption.key("source.publication-name", OptionType.STRING)
          .rule(
              "must be lower case letters, digits and '_', starting with a letter",
              v -> v.matches(IDENTIFIER))
          .description(
              "Publication for pgoutput; created for the captured tables if missing. Default:"
                  + " lockstep_<pipeline.name>.");

  public static final PipelineOption<PublicationMode> SOURCE_PUBLICATION_MODE =
      PipelineOption.key("source.publication-mode", OptionType.choice(PublicationMode.class))
          .defaultValue(PublicationMode.FILTERED)
          .description(
              "How the publication is created when missing. 'filtered': FOR TABLE the tables that"
                  + " match source.tables at start-up; a table created later that matches is added"
                  + " to it by the capture within 15 s (ALTER PUBLICATION, as the table's owner)"
                  + " and snapshotted through source.signal-table (without one, rows written before"
                  + " the add are not copied: the capture logs the repair). 'all_tables': FOR ALL"
                  + " TABLES (needs a superuser), so a table created later that matches"
                  + " source.tables is captured from its first row.");

  public static final PipelineOption<SnapshotMode> SOURCE_SNAPSHOT_MODE =
      PipelineOption.key("source.snapshot-mode", OptionType.choice(SnapshotMode.class))
          .defaultValue(SnapshotMode.INITIAL)
          .description(
              "'initial' copies existing rows before streaming changes; 'no_data' streams"
                  + " changes only.");

  public static final PipelineOption<Duration> SOURCE_HEARTBEAT_INTERVAL =
      PipelineOption.key("source.heartbeat-interval", OptionType.DURATION)
          .defaultValue(Duration.ofSeconds(10))
          .rule("must be at least 100ms", v -> v.toMillis() >= 100)
          .description(
              "How often the capture confirms its position while the captured tables are idle,"
                  + " so that the slot does not retain WAL.");

  public static final PipelineOption<String> SOURCE_HEARTBEAT_ACTION_QUERY =
      PipelineOption.key("source.heartbeat-action-query", OptionType.STRING)
          .defaultValue("SELECT pg_logical_emit_message(false, 'lockstep-heartbeat', now()::text)")
          .description(
              "SQL the capture runs on the source at every heartbeat. The default writes a"
                  + " logical-decoding message into the captured database's WAL, so that the slot"
                  + " moves on even while other databases on the server are busy and the captured"
                  + " tables are idle. An empty string turns it off.");

  public static final PipelineOption<TruncateHandling> SOURCE_TRUNCATE =
      PipelineOption.key("source.truncate", OptionType.choice(TruncateHandling.class))
          .defaultValue(TruncateHandling.REPLICATE)
          .description(
              "What a TRUNCATE of a captured table on the source does to the target: 'replicate'"
                  + " empties the target table in order with the row changes around it (rows a"
                  + " change after the truncate wrote are kept); 'refuse' keeps the target's rows"
                  + " and dead-letters the truncate (kind truncate_refused, metric"
                  + " lockstepCaptureTruncatesRefused), for pipelines whose target must never"
                  + " lose rows to a truncate. MariaDB/MySQL: TRUNCATE TABLE of a whole table"
                  + " only (see docs/architecture.md, \"Truncate\").");

  public static final PipelineOption<String> SOURCE_SIGNAL_TABLE =
      PipelineOption.key("source.signal-table", OptionType.STRING)
          .rule(
              "must be 'schema.table' (on MariaDB/MySQL 'database.table') of plain identifiers",
              v -> v.matches("[A-Za-z_][A-Za-z0-9_$]*\\.[A-Za-z_][A-Za-z0-9_$]*"))
          .description(
              "Debezium signaling table on the source, as 'schema.table' ('database.table' on"
                  + " MariaDB/MySQL), for re-snapshotting a table while streaming (an incremental"
                  + " snapshot, POST /api/v1/tables/{table}/resnapshot of the recovery service)."
                  + " The capture writes its chunk watermarks into it, the recovery service writes"
                  + " the signals: both users need INSERT on it, and the preflight prints the"
                  + " CREATE TABLE when it is missing. Its rows are never replicated. Default: none,"
                  + " re-snapshots are off.");

  public static final PipelineOption<DatabaseType> TARGET_TYPE =
      PipelineOption.key("target.type", OptionType.choice(DatabaseType.class))
          .defaultValue(DatabaseType.POSTGRES)
          .description(
              "Target engine: 'postgres', 'mariadb' or 'mysql' (MySQL 8, written with the same"
                  + " SQL as MariaDB; tested on MariaDB only).");

  public static final PipelineOption<String> TARGET_HOST =
      PipelineOption.key("target.host", OptionType.STRING)
          .required()
          .description("Host name or address of the target database.");

  public static final PipelineOption<Integer> TARGET_PORT =
      PipelineOption.key("target.port", OptionType.INTEGER)
          .rule("must be between 1 and 65535", v -> v >= 1 && v <= 65535)
          .description(
              "Port of the target database. Default: 5432 for postgres, 3306 for mariadb and"
                  + " mysql.");

  public static final PipelineOption<String> TARGET_DATABASE =
      PipelineOption.key("target.database", OptionType.STRING)
          .required()
          .description("Database to write to.");

  public static final PipelineOption<String> TARGET_USER =
      PipelineOption.key("target.user", OptionType.STRING)
          .required()
          .description("User for apply. Needs INSERT, UPDATE, DELETE on the target tables.");

  public static final PipelineOption<String> TARGET_PASSWORD_ENV =
      PipelineOption.key("target.password-env", OptionType.STRING)
          .secretFromEnvironment()
          .rule(NAMES_A_VARIABLE, v -> v.matches(VARIABLE_NAME))
          .description(
              "Name of the environment variable holding the target password, read like"
                  + " source.password-env. Give this or target.password-file.");

  public static final PipelineOption<String> TARGET_PASSWORD_FILE =
      PipelineOption.key("target.password-file", OptionType.STRING)
          .secretFromFile()
          .rule(NAMES_A_FILE, v -> v.matches("/\\S*"))
          .description(
              "File holding the target password, read like source.password-file. Give this or"
                  + " target.password-env.");

  public static final PipelineOption<String> TARGET_SCHEMA =
      PipelineOption.key("target.schema", OptionType.STRING)
          .description(
              "Schema to write every table to. Default: the schema the table has on the source.");

  public static final PipelineOption<List<String>> TARGET_TABLE_RENAMES =
      PipelineOption.key("target.table-renames", OptionType.STRING_LIST)
          .defaultValue(List.of())
          .rule(
              "each entry must be 'schema.table=schema.table'",
              v ->
                  v.stream()
                      .allMatch(e -> e.matches("[^=\\s.]+\\.[^=\\s.]+=[^=\\s.]+\\.[^=\\s.]+")))
          .description(
              "Source tables written to a target table of another name, as"
                  + " 'source_schema.table=target_schema.table'. Takes precedence over"
                  + " target.schema.");

  public static final PipelineOption<String> KAFKA_BOOTSTRAP_SERVERS =
      PipelineOption.key("kafka.bootstrap-servers", OptionType.STRING)
          .required()
          .description(
              "Kafka bootstrap servers (host:port,...). 'embedded' starts an in-process broker"
                  + " (bin/lockstep run only).");

  public static final PipelineOption<String> KAFKA_TOPIC_PREFIX =
      PipelineOption.key("kafka.topic-prefix", OptionType.STRING)
          .defaultValue("lockstep")
          .rule(
              "must be 1 to 200 letters, digits, '_' or '-'",
              v -> v.matches("[A-Za-z0-9_-]{1,200}"))
          .description(
              "Prefix of every topic: changes go to <prefix>.<database>.<schema>.<table>, each"
                  + " part encoded for Kafka (docs/architecture.md, topic names).");

  public static final PipelineOption<Integer> KAFKA_MAX_RECORD_BYTES =
      PipelineOption.key("kafka.max-record-bytes", OptionType.INTEGER)
          .defaultValue(16 * 1024 * 1024)
          .rule(
              "must be between 65536 and 268435456 (64 KiB to 256 MiB)",
              v -> v >= 65_536 && v <= 268_435_456)
          .description(
              "The largest change record (its JSON value, uncompressed) the capture writes. A row"
                  + " whose record is larger is not written to its change topic: it goes to the"
                  + " dead-letter topic with its key and size (kind not_captured), and the"
                  + " recovery service retries it. Producers allow this plus 1 MiB (for the"
                  + " dead-letter record of a refused row at the limit); the broker's"
                  + " message.max.bytes, or every Lockstep topic's max.message.bytes, must be at"
                  + " least that (docs/operations.md, Sizing).");

  public static final PipelineOption<Integer> APPLY_BATCH_SIZE =
      PipelineOption.key("apply.batch-size", OptionType.INTEGER)
          .defaultValue(2000)
          .rule("must be between 1 and 100000", v -> v >= 1 && v <= 100_000)
          .description("Changes buffered per apply task before they are written to the target.");

  public static final PipelineOption<Duration> APPLY_FLUSH_INTERVAL =
      PipelineOption.key("apply.flush-interval", OptionType.DURATION)
          .defaultValue(Duration.ofMillis(200))
          .rule("must be between 1ms and 1h", v -> v.toMillis() >= 1 && v.toHours() <= 1)
          .description("Longest time a change waits in the apply buffer before it is written.");

  public static final PipelineOption<Integer> APPLY_PARALLELISM =
      PipelineOption.key("apply.parallelism", OptionType.INTEGER)
          .defaultValue(1)
          .rule("must be between 1 and 256", v -> v >= 1 && v <= 256)
          .description(
              "Apply tasks writing in parallel; changes of one key always go to the same task.");

  public static final PipelineOption<String> APPLY_CONSUMER_GROUP =
      PipelineOption.key("apply.consumer-group", OptionType.STRING)
          .description("Kafka consumer group of the apply job. Default: lockstep-apply-<name>.");

  public static final PipelineOption<Boolean> METADATA_ENABLED =
      PipelineOption.key("apply.metadata-columns.enabled", OptionType.BOOLEAN)
          .defaultValue(true)
          .description(
              "Write the origin, commit-time and position columns on every target row. Without"
                  + " them the position guard is off: a replayed topic rewrites rows with the"
                  + " values they pass through before they converge.");

  public static final PipelineOption<Boolean> METADATA_ADD_MISSING =
      PipelineOption.key("apply.metadata-columns.add-missing", OptionType.BOOLEAN)
          .defaultValue(true)
          .description("Add the metadata columns to a target table that lacks them.");

  public static final PipelineOption<String> METADATA_ORIGIN =
      PipelineOption.key("apply.metadata-columns.origin", OptionType.STRING)
          .defaultValue("_lockstep_origin")
          .rule("must be a plain identifier", v -> v.matches("[A-Za-z_][A-Za-z0-9_]*"))
          .description("Column saying who wrote the row: R (replication) or F (force-sync).");

  public static final PipelineOption<String> METADATA_COMMIT_TIME =
      PipelineOption.key("apply.metadata-columns.commit-time", OptionType.STRING)
          .defaultValue("_lockstep_commit_ts")
          .rule("must be a plain identifier", v -> v.matches("[A-Za-z_][A-Za-z0-9_]*"))
          .description("Column holding the source commit time of the row's last change.");

  public static final PipelineOption<String> METADATA_POSITION =
      PipelineOption.key("apply.metadata-columns.position", OptionType.STRING)
          .defaultValue("_lockstep_position")
          .rule("must be a plain identifier", v -> v.matches("[A-Za-z_][A-Za-z0-9_]*"))
          .description(
              "Column holding the source position of the row's last change; the position guard"
                  + " compares it so that an older change never replaces a newer one.");

  public static final PipelineOption<MissingTables> APPLY_MISSING_TABLES =
      PipelineOption.key("apply.missing-tables", OptionType.choice(MissingTables.class))
          .defaultValue(MissingTables.WAIT)
          .description(
              "What the apply job does with changes of a table that does not exist on the target"
                  + " (a table created on the source while the pipeline runs): 'wait' holds them"
                  + " until someone creates it; 'create' creates it from the source's columns and"
                  + " key, with the source's types but without lengths or precisions (a wider"
                  + " column never cuts a value).");

  public static final PipelineOption<Boolean> APPLY_REPLICA_SESSION =
      PipelineOption.key("apply.replica-session", OptionType.BOOLEAN)
          .defaultValue(true)
          .description(
              "The apply job's and force-sync's target sessions do not enforce foreign keys:"
                  + " tables and keys are written in parallel, so a child row can arrive before"
                  + " its parent. PostgreSQL: session_replication_role = replica, which also skips"
                  + " user triggers and needs a superuser or, on PostgreSQL 15 and later, GRANT SET"
                  + " ON PARAMETER session_replication_role (the preflight checks it);"
                  + " MariaDB/MySQL: foreign_key_checks = 0. Turn off only for a target without"
                  + " foreign keys whose triggers must fire on replicated rows.");

  public static final PipelineOption<String> APPLY_STATE_SCHEMA =
      PipelineOption.key("apply.state-schema", OptionType.STRING)
          .defaultValue("public")
          .rule("must be a plain identifier", v -> v.matches("[A-Za-z_][A-Za-z0-9_]*"))
          .description(
              "Target schema of the apply job's bookkeeping tables (lockstep_epoch,"
                  + " lockstep_tables).");

  public static final PipelineOption<Duration> VERIFY_DELAY =
      PipelineOption.key("verify.delay", OptionType.DURATION)
          .defaultValue(Duration.ofMinutes(2))
          .rule("must be between 1s and 1d", v -> v.toMillis() >= 1_000 && v.toDays() <= 1)
          .description(
              "How long after the first unverified change of a row the verifier checks it, with"
                  + " the newest change seen by then. Stretched while the apply job has not yet"
                  + " committed past that change, so rows still in flight are never reported.");

  public static final PipelineOption<Integer> VERIFY_BATCH_SIZE =
      PipelineOption.key("verify.batch-size", OptionType.INTEGER)
          .defaultValue(500)
          .rule("must be between 1 and 10000", v -> v >= 1 && v <= 10_000)
          .description("Most keys the verifier looks up in one query on one table.");

  public static final PipelineOption<Integer> VERIFY_BUFFERED_ROWS =
      PipelineOption.key("verify.buffered-rows", OptionType.INTEGER)
          .defaultValue(50_000)
          .rule("must be between 0 and 10000000", v -> v >= 0 && v <= 10_000_000)
          .description(
              "With state.backend rocksdb: how many pending rows each verifier task keeps on the"
                  + " heap in front of RocksDB (each takes its encoded change and about 200 bytes);"
                  + " they reach RocksDB only at a checkpoint, so rows checked before it never do."
                  + " Rows beyond it wait in RocksDB. 0 sends every row to RocksDB. Unused with"
                  + " hashmap, whose state is on the heap already.");

  public static final PipelineOption<Integer> VERIFY_PARALLELISM =
      PipelineOption.key("verify.parallelism", OptionType.INTEGER)
          .defaultValue(1)
          .rule("must be between 1 and 256", v -> v >= 1 && v <= 256)
          .description("Verifier tasks; the checks of one key always go to the same task.");

  public static final PipelineOption<List<String>> VERIFY_MASKED_COLUMNS =
      PipelineOption.key("verify.masked-columns", OptionType.STRING_LIST)
          .defaultValue(List.of())
          .rule(COMPILES, PipelineOptions::compiles)
          .description(
              "Regular expressions over schema.table.column: the discrepancies topic names these"
                  + " columns when they differ but shows *** instead of their values (card"
                  + " numbers, personal data).");

  public static final PipelineOption<String> VERIFY_CONSUMER_GROUP =
      PipelineOption.key("verify.consumer-group", OptionType.STRING)
          .description("Kafka consumer group of the verifier. Default: lockstep-verify-<name>.");

  public static final PipelineOption<StateBackendType> STATE_BACKEND =
      PipelineOption.key("state.backend", OptionType.choice(StateBackendType.class))
          .defaultValue(StateBackendType.HASHMAP)
          .description(
              "Where the jobs keep their state: hashmap (on the heap; small state, the default)"
                  + " or rocksdb (on local disk, with incremental checkpoints; for the verifier of"
                  + " a busy pipeline, whose state is one change per row not yet checked; see"
                  + " docs/verification.md for sizing).");

  public static final PipelineOption<Duration> CHECKPOINT_INTERVAL =
      PipelineOption.key("checkpoint.interval", OptionType.DURATION)
          .defaultValue(Duration.ofSeconds(10))
          .rule("must be between 100ms and 1h", v -> v.toMillis() >= 100 && v.toHours() <= 1)
          .description(
              "Flink checkpoint interval. The slot is confirmed and apply buffers are flushed at"
                  + " every checkpoint.");

  public static final PipelineOption<String> CHECKPOINT_DIRECTORY =
      PipelineOption.key("checkpoint.directory", OptionType.STRING)
          .description(
              "Durable checkpoint storage (file:///..., s3://...). Default: kept in memory, which"
                  + " survives task failures but not a restart of the process.");

  /** The source password: named by source.password-env or source.password-file. */
  public static final SecretOptions SOURCE_PASSWORD =
      new SecretOptions("source password", SOURCE_PASSWORD_ENV, SOURCE_PASSWORD_FILE);

  /** The target password: named by target.password-env or target.password-file. */
  public static final SecretOptions TARGET_PASSWORD =
      new SecretOptions("target password", TARGET_PASSWORD_ENV, TARGET_PASSWORD_FILE);

  /** Every secret a pipeline file names; each must be named exactly once. */
  public static final List<SecretOptions> SECRETS = List.of(SOURCE_PASSWORD, TARGET_PASSWORD);

  /** Keys under these prefixes are passed through untouched. */
  public static final List<String> PASS_THROUGH_PREFIXES =
      List.of("source.debezium.", "kafka.properties.");

  public static final List<PipelineOption<?>> ALL =
      List.of(
          PIPELINE_NAME,
          SOURCE_TYPE,
          SOURCE_HOST,
          SOURCE_PORT,
          SOURCE_DATABASE,
          SOURCE_USER,
          SOURCE_PASSWORD_ENV,
          SOURCE_PASSWORD_FILE,
          SOURCE_TABLES,
          SOURCE_EXCLUDE_TABLES,
          SOURCE_EXCLUDE_COLUMNS,
          SOURCE_KEY_COLUMNS,
          SOURCE_ALLOW_ZERO_DATES,
          SOURCE_SERVER_ID,
          SOURCE_SLOT_NAME,
          SOURCE_PUBLICATION_NAME,
          SOURCE_PUBLICATION_MODE,
          SOURCE_SNAPSHOT_MODE,
          SOURCE_HEARTBEAT_INTERVAL,
          SOURCE_HEARTBEAT_ACTION_QUERY,
          SOURCE_SIGNAL_TABLE,
          SOURCE_TRUNCATE,
          TARGET_TYPE,
          TARGET_HOST,
          TARGET_PORT,
          TARGET_DATABASE,
          TARGET_USER,
          TARGET_PASSWORD_ENV,
          TARGET_PASSWORD_FILE,
          TARGET_SCHEMA,
          TARGET_TABLE_RENAMES,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_TOPIC_PREFIX,
          KAFKA_MAX_RECORD_BYTES,
          APPLY_BATCH_SIZE,
          APPLY_FLUSH_INTERVAL,
          APPLY_PARALLELISM,
          APPLY_CONSUMER_GROUP,
          METADATA_ENABLED,
          METADATA_ADD_MISSING,
          METADATA_ORIGIN,
          METADATA_COMMIT_TIME,
          METADATA_POSITION,
          APPLY_MISSING_TABLES,
          APPLY_REPLICA_SESSION,
          APPLY_STATE_SCHEMA,
          VERIFY_DELAY,
          VERIFY_BATCH_SIZE,
          VERIFY_BUFFERED_ROWS,
          VERIFY_PARALLELISM,
          VERIFY_MASKED_COLUMNS,
          VERIFY_CONSUMER_GROUP,
          STATE_BACKEND,
          CHECKPOINT_INTERVAL,
          CHECKPOINT_DIRECTORY);

  private PipelineOptions() {}

  /** {@code schema.table:col[,col...]}: one colon, a dot before it, no blank column name. */
  private static boolean isKeyColumnsEntry(String entry) {
    String[] parts = entry.split(":", -1);
    return parts.length == 2
        && parts[0].trim().contains(".")
        && Arrays.stream(parts[1].split(",", -1)).noneMatch(String::isBlank);
  }

  private static boolean compiles(List<String> regexes) {
    for (String regex : regexes) {
      try {
        java.util.regex.Pattern.compile(regex.trim());
      } catch (java.util.regex.PatternSyntaxException e) {
        return false;
      }
    }
    return true;
  }
}

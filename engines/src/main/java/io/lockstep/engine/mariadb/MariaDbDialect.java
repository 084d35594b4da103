package io.lockstep.engine.mariadb;

import io.lockstep.engine.MetadataColumns;
import io.lockstep.engine.TargetColumn;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engine.postgres.PostgresDialect;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.ColumnType;
import io.lockstep.event.TableSchema;
import io.lockstep.types.BitString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * MariaDB (10.6 and later) as a target, and MySQL 8 through the same SQL. A "schema" is a database
 * there: tables are {@code `database`.`table`}.
 *
 * <p>What differs from {@link PostgresDialect}:
 *
 * <ul>
 *   <li>The upsert is {@code INSERT … ON DUPLICATE KEY UPDATE}, which has no {@code WHERE}. The
 *       position guard is therefore repeated in every assignment ({@code col = IF(<guard>,
 *       VALUES(col), col)}), and the position column is assigned last, because the server applies
 *       the assignments left to right and each one sees the values assigned before it.
 *   <li>{@code ON DUPLICATE KEY UPDATE} fires on a duplicate of <em>any</em> unique key, not only
 *       the primary key: a target table with unique keys besides its primary key can see a change
 *       of one row land on another row holding the same unique value. Give replicated tables no
 *       other unique keys.
 *   <li>Values are bound with their own JDBC types and converted by the server on assignment, which
 *       refuses what a column cannot hold only in strict SQL mode (MariaDB's default). NaN and the
 *       infinities, which no MariaDB number column holds, are refused before they reach the server
 *       (see {@link MariaDbValues}).
 *   <li>Positions are compared as bytes ({@code CAST(… AS BINARY)}), whatever the collation of the
 *       position column of a table created by someone else.
 *   <li>Tables it creates use {@code utf8mb4_nopad_bin}: binary order, case and trailing spaces
 *       significant, as in PostgreSQL. ({@code utf8mb4_bin} pads: {@code 'a'} and {@code 'a '}
 *       would be the same key.)
 *   <li>DDL commits the open transaction implicitly.
 * </ul>
 *
 * <p>Only MariaDB 11.4 runs in the tests. Untested on MySQL 8, and known to need changes there:
 * {@code utf8mb4_nopad_bin} does not exist (MySQL's no-pad binary collation is {@code
 * utf8mb4_0900_bin}), so {@link #createTableSql} and {@link #stateTablesDdl} fail; {@code
 * VALUES(col)} works but is deprecated since 8.0.20 (a warning per statement); {@code LOCK IN SHARE
 * MODE} is accepted; {@code information_schema} names JSON columns {@code json} where MariaDB says
 * {@code longtext}.
 *
 * <p>Longer than our usual 400 lines: it holds every statement the apply job writes to a
 * MariaDB/MySQL target (the guarded upsert and delete, the apply's state tables, table creation
 * with bounded key columns) and which of its errors are transient, so that one engine's target SQL
 * reads in one place; value binding is in {@link MariaDbValues}, types in {@link
 * MariaDbTargetTypes}.
 */
public final class MariaDbDialect implements TargetDialect {

  /**
   * Placeholders per prepared statement: the protocol counts them in 16 bits (65,535). The margin
   * costs nothing (a statement of 60,000 values is as fast) and keeps a caller's miscount of its
   * parameters from reaching the limit.
   */
  private static final int MAX_PARAMETERS = 60_000;

  /** Options of every table this dialect creates. */
  private static final String TABLE_OPTIONS =
      " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin";

  /** Positions are ASCII; a binary collation orders them byte by byte. */
  private static final String POSITION_TYPE = "varchar(96) CHARACTER SET ascii COLLATE ascii_bin";

  /**
   * A key column of a type InnoDB cannot index whole takes a bounded type instead. InnoDB indexes
   * at most 3072 bytes of one column (DYNAMIC rows, the default), and utf8mb4 takes up to 4 bytes a
   * character: 768 characters. Several such key columns share those 768, so that the whole key
   * stays under InnoDB's 3500-byte limit with room for the other key columns.
   */
  static final int KEY_CHARACTERS = 768;

  private static final Set<String> TEXT_LOBS =
      Set.of("tinytext", "text", "mediumtext", "longtext", "json");
  private static final Set<String> BINARY_LOBS =
      Set.of("tinyblob", "blob", "mediumblob", "longblob");

  private static final String DESCRIBE_COLUMNS =
      """
      SELECT COLUMN_NAME, LOWER(DATA_TYPE), IS_NULLABLE, UPPER(EXTRA) LIKE '%GENERATED%'
        FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
       ORDER BY ORDINAL_POSITION\
      """;

  private static final String DESCRIBE_PRIMARY_KEY =
      """
      SELECT COLUMN_NAME
        FROM information_schema.KEY_COLUMN_USAGE
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
       ORDER BY ORDINAL_POSITION\
      """;

  /** Unique keys besides the primary key, on whole columns (no prefix length). */
  private static final String DESCRIBE_UNIQUE_KEYS =
      """
      SELECT INDEX_NAME, COLUMN_NAME, SUB_PART
        FROM information_schema.STATISTICS
       WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'
       ORDER BY INDEX_NAME, SEQ_IN_INDEX\
      """;

  /**
   * Error codes of transient conditions whose SQLState does not say so (MariaDB reports many errors
   * as {@code HY000}): 1205 lock wait timeout, 1213 deadlock, 1614 XA deadlock, 1020 record changed
   * since read (snapshot isolation), 1412 table definition changed, 1053 server shutdown, 1927
   * connection killed, 1836 read-only mode, 4031 disconnected for inactivity, 2002/2003 cannot
   * connect, 2006 server gone away, 2013 connection lost during query.
   */
  private static final Set<Integer> TRANSIENT_ERRORS =
      Set.of(1205, 1213, 1614, 1020, 1412, 1053, 1927, 1836, 4031, 2002, 2003, 2006, 2013);

  /** ER_OPTION_PREVENTS_STATEMENT: transient only when the option is read-only (failover). */
  private static final int OPTION_PREVENTS_STATEMENT = 1290;

  /** ER_NET_PACKET_TOO_LARGE: the server refuses a statement over max_allowed_packet. */
  private static final int PACKET_TOO_LARGE = 1153;

  @Override
  public String name() {
    return "mariadb";
  }

  @Override
  public String quoteIdentifier(String identifier) {
    return quote(identifier);
  }

  static String quote(String identifier) {
    return '`' + identifier.replace("`", "``") + '`';
  }

  private static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  private static String table(TargetTable table) {
    return qualified(table.schema(), table.name());
  }

  @Override
  public Optional<TargetTable> describeTable(Connection connection, String schema, String table)
      throws SQLException {
    List<TargetColumn> columns = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_COLUMNS)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new TargetColumn(
                  rs.getString(1),
                  rs.getString(2),
                  "YES".equals(rs.getString(3)),
                  false,
                  rs.getBoolean(4)));
        }
      }
    }
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    List<String> primaryKey = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_PRIMARY_KEY)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          primaryKey.add(rs.getString(1));
        }
      }
    }
    return Optional.of(
        new TargetTable(schema, table, columns, primaryKey, uniqueKeys(connection, schema, table)));
  }

  /** A unique key with a prefix part does not hold its whole column unique: left out. */
  private static List<List<String>> uniqueKeys(Connection connection, String schema, String table)
      throws SQLException {
    Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
    Set<String> prefixed = new java.util.HashSet<>();
    try (PreparedStatement ps = connection.prepareStatement(DESCRIBE_UNIQUE_KEYS)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
          rs.getLong(3);
          if (!rs.wasNull()) {
            prefixed.add(rs.getString(1));
          }
        }
      }
    }
    prefixed.forEach(keys::remove);
    return List.copyOf(keys.values());
  }

  @Override
  public List<String> createTableSql(
      String schema,
      String table,
      TableSchema source,
      Map<String, String> columnClauses,
      List<String> tableElements) {
    return createTableSql(
        schema, table, source, c -> MariaDbTargetTypes.type(c), columnClauses, tableElements);
  }

  /**
   * {@link #createTableSql(String, String, TableSchema, Map)} with the column types of {@code
   * types}.
   */
  static List<String> createTableSql(
      String schema,
      String table,
      TableSchema source,
      Function<ColumnSchema, String> types,
      Map<String, String> columnClauses,
      List<String> tableElements) {
    List<String> key = source.keyColumns();
    int unindexableKeys = 0;
    for (ColumnSchema column : source.columns()) {
      if (key.contains(column.name()) && lobKind(types.apply(column)) != null) {
        unindexableKeys++;
      }
    }
    StringJoiner columns = new StringJoiner(", ");
    List<String> autoIncrementNotFirstInKey = new ArrayList<>();
    for (ColumnSchema column : source.columns()) {
      String type = types.apply(column);
      String clause = columnClauses.getOrDefault(column.name(), "");
      String suffix = clause.isEmpty() ? "" : " " + clause;
      if (clause.equals("AUTO_INCREMENT") && (key.isEmpty() || !key.get(0).equals(column.name()))) {
        autoIncrementNotFirstInKey.add(column.name());
      }
      if (clause.startsWith("AS (")) {
        // A generated column takes no NULL or NOT NULL: the expression decides.
        columns.add(quote(column.name()) + " " + type + suffix);
      } else if (key.contains(column.name())) {
        String lob = lobKind(type);
        if (lob != null) {
          type = lob + "(" + KEY_CHARACTERS / unindexableKeys + ")";
        }
        columns.add(quote(column.name()) + " " + type + " NOT NULL" + suffix);
      } else if (!column.optional()) {
        columns.add(quote(column.name()) + " " + type + " NOT NULL" + suffix);
      } else {
        // An explicit NULL: MariaDB before 10.10 would otherwise give a first timestamp column
        // NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP.
        columns.add(quote(column.name()) + " " + type + " NULL" + suffix);
      }
    }
    StringJoiner primaryKey = new StringJoiner(", ");
    key.forEach(k -> primaryKey.add(quote(k)));
    // InnoDB needs an AUTO_INCREMENT column to lead an index.
    StringBuilder indexes = new StringBuilder();
    autoIncrementNotFirstInKey.forEach(c -> indexes.append(", KEY (").append(quote(c)).append(")"));
    tableElements.forEach(e -> indexes.append(", ").append(e));
    return List.of(
        "CREATE DATABASE IF NOT EXISTS " + quote(schema),
        "CREATE TABLE IF NOT EXISTS "
            + qualified(schema, table)
            + " ("
            + columns
            + ", PRIMARY KEY ("
            + primaryKey
            + ")"
            + indexes
            + ")"
            + TABLE_OPTIONS);
  }

  /**
   * {@code varchar} or {@code varbinary} for a type InnoDB cannot index without a prefix length
   * (and a primary key cannot have one), else null.
   */
  static String lobKind(String type) {
    String word = type.trim().toLowerCase(Locale.ROOT).split("[^a-z]", 2)[0];
    if (TEXT_LOBS.contains(word)) {
      return "varchar";
    }
    return BINARY_LOBS.contains(word) ? "varbinary" : null;
  }

  @Override
  public List<String> addMissingMetadataColumns(TargetTable table, MetadataColumns metadata) {
    if (!metadata.enabled()) {
      return List.of();
    }
    String[][] wanted = {
      {metadata.origin(), "char(1)"},
      // The source commit time as UTC wall time: datetime does not shift with the session's zone.
      {metadata.commitTime(), "datetime(6)"},
      {metadata.position(), POSITION_TYPE}
    };
    // No IF NOT EXISTS: MySQL lacks it for columns. Two tasks racing to add a column make one of
    // them fail once; the apply job reads the catalog again and retries.
    List<String> statements = new ArrayList<>();
    for (String[] column : wanted) {
      if (table.column(column[0]).isEmpty()) {
        statements.add(
            "ALTER TABLE "
                + table(table)
                + " ADD COLUMN "
                + quote(column[0])
                + " "
                + column[1]
                + " NULL");
      }
    }
    return statements;
  }

  /**
   * {@code VALUES(col)} names the value a row would have inserted. MySQL 8.0.20 deprecated it in
   * favour of a row alias ({@code VALUES (…) AS new … new.col}), which MariaDB does not have; it
   * still works there, with a deprecation warning.
   */
  @Override
  public String upsertSql(
      TargetTable table, List<TargetColumn> columns, MetadataColumns metadata, int rows) {
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner row = new StringJoiner(", ", "(", ")");
    for (TargetColumn column : columns) {
      names.add(quote(column.name()));
      row.add("?");
    }
    for (String meta : metadata.names()) {
      names.add(quote(meta));
      row.add("?");
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table(table)).append(' ');
    sql.append(names).append(" VALUES ");
    String rowText = row.toString();
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(rowText);
    }
    List<String> updated = new ArrayList<>();
    for (TargetColumn column : columns) {
      if (!table.primaryKey().contains(column.name())) {
        updated.add(column.name());
      }
    }
    // The position last: every guard before it must see the stored position, not the new one.
    updated.addAll(metadata.names());
    StringJoiner updates = new StringJoiner(", ");
    if (updated.isEmpty()) {
      // Only key columns: nothing to update. A no-op assignment, not INSERT IGNORE, which would
      // also turn refused values into warnings.
      String key = quote(columns.get(0).name());
      updates.add(key + " = " + key);
    }
    String guard =
        metadata.enabled() ? storedNotNewer(metadata, "VALUES(" + position(metadata) + ")") : null;
    for (String name : updated) {
      String column = quote(name);
      String value = "VALUES(" + column + ")";
      String guarded = "IF(" + guard + ", " + value + ", " + column + ")";
      updates.add(column + " = " + (guard == null ? value : guarded));
    }
    return sql.append(" ON DUPLICATE KEY UPDATE ").append(updates).toString();
  }

  @Override
  public String deleteSql(TargetTable table, MetadataColumns metadata, int rows) {
    StringJoiner match = new StringJoiner(" AND ", "(", ")");
    for (String key : table.primaryKey()) {
      match.add(quote(key) + " = ?");
    }
    if (metadata.enabled()) {
      match.add("(" + storedNotNewer(metadata, "?") + ")");
    }
    StringJoiner any = new StringJoiner(" OR ");
    String matchText = match.toString();
    for (int i = 0; i < rows; i++) {
      any.add(matchText);
    }
    return "DELETE FROM " + table(table) + " WHERE " + any;
  }

  private String position(MetadataColumns metadata) {
    return quote(metadata.position());
  }

  /**
   * The position guard: the stored position is NULL (a row Lockstep never wrote) or not newer than
   * {@code incoming}, compared byte by byte.
   */
  private String storedNotNewer(MetadataColumns metadata, String incoming) {
    String stored = position(metadata);
    return stored
        + " IS NULL OR CAST("
        + stored
        + " AS BINARY) <= CAST("
        + incoming
        + " AS BINARY)";
  }

  @Override
  public void bindValue(
      PreparedStatement statement,
      int index,
      TargetColumn target,
      ColumnSchema source,
      Object value)
      throws SQLException {
    if (source.type() == ColumnType.BYTES
        && value != null
        && BitString.isBitType(source.nativeType())
        && !"BIT".equals(source.nativeType())) {
      // PostgreSQL bit strings: MariaDB's BIT holds them, but their round trip through the
      // driver is not proven yet (PostgresToMariaDbTypeMatrixIT); refused rather than guessed.
      throw new SQLDataException(
          "target column "
              + target.name()
              + ": PostgreSQL bit strings are not written to MariaDB/MySQL yet (column "
              + source.name()
              + ")",
          "22000");
    }
    // A numeric wider than decimal(65,30) would be rounded by the server: refuse it here. (Other
    // limits, such as non-finite numbers and years beyond 9999, MariaDbValues checks against
    // the actual target column.)
    if (source.type() == ColumnType.DECIMAL) {
      Optional<String> problem = MariaDbTargetLimits.problem(source, value);
      if (problem.isPresent()) {
        throw new SQLDataException(
            "target column " + target.name() + ", source " + problem.get(), "22003");
      }
    }
    MariaDbValues.bind(statement, index, target, source, value);
  }

  @Override
  public int bindMetadata(
      PreparedStatement statement, int index, String origin, Instant commitTime, String position)
      throws SQLException {
    statement.setString(index, origin);
    MariaDbValues.bindUtc(statement, index + 1, commitTime);
    statement.setString(index + 2, position);
    return index + 3;
  }

  @Override
  public int maxRowsPerStatement(int parametersPerRow) {
    return Math.max(1, MAX_PARAMETERS / Math.max(1, parametersPerRow));
  }

  @Override
  public boolean isTransient(SQLException error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
      if (exceedsMaxAllowedPacket(t)) {
        // Sent as a connection error (08000, or 08S01 from the server), but retrying the same
        // statement fails the same way: the rows must be written in smaller statements.
        return false;
      }
    }
    depth = 0;
    for (Throwable t = error; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && isTransientCondition(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTransientCondition(SQLException error) {
    String state = error.getSQLState();
    if (state != null && (state.startsWith("08") || state.equals("40001"))) {
      return true;
    }
    int code = error.getErrorCode();
    if (TRANSIENT_ERRORS.contains(code)) {
      return true;
    }
    if (code == OPTION_PREVENTS_STATEMENT) {
      // "--read-only" or "--super-read-only": a primary demoted during failover.
      String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
      return message.contains("read-only") || message.contains("read_only");
    }
    return false;
  }

  private static boolean exceedsMaxAllowedPacket(Throwable t) {
    if (t instanceof SQLException sql && sql.getErrorCode() == PACKET_TOO_LARGE) {
      return true;
    }
    return t.getClass().getSimpleName().equals("MaxAllowedPacketException")
        || String.valueOf(t.getMessage()).contains("max_allowed_packet");
  }

  @Override
  public List<String> stateTablesDdl(String schema) {
    String s = quote(schema);
    // Names are at most 64 characters on MariaDB and MySQL; 64 also keeps the keys short enough
    // for InnoDB.
    return List.of(
        "CREATE DATABASE IF NOT EXISTS " + s,
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_epoch (pipeline varchar(128) NOT NULL PRIMARY KEY,"
            + " epoch bigint NOT NULL)"
            + TABLE_OPTIONS,
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_tables (pipeline varchar(128) NOT NULL,"
            + " table_schema varchar(64) NOT NULL, table_name varchar(64) NOT NULL,"
            + " PRIMARY KEY (pipeline, table_schema, table_name))"
            + TABLE_OPTIONS,
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_pending_backfill (pipeline varchar(128) NOT NULL,"
            + " table_schema varchar(64) NOT NULL, table_name varchar(64) NOT NULL,"
            + " column_name varchar(64) NOT NULL,"
            + " first_position "
            + POSITION_TYPE
            + " NULL, last_position "
            + POSITION_TYPE
            + " NULL, row_changes bigint NOT NULL, updated_at datetime(6) NOT NULL,"
            + " PRIMARY KEY (pipeline, table_schema, table_name, column_name))"
            + TABLE_OPTIONS,
        "CREATE TABLE IF NOT EXISTS "
            + s
            + ".lockstep_truncations (pipeline varchar(128) NOT NULL,"
            + " table_schema varchar(64) NOT NULL, table_name varchar(64) NOT NULL,"
            + " position "
            + POSITION_TYPE
            + " NOT NULL, truncated_at datetime(6) NOT NULL,"
            + " PRIMARY KEY (pipeline, table_schema, table_name))"
            + TABLE_OPTIONS);
  }

  @Override
  public String recordTruncationSql(String schema) {
    return "INSERT INTO "
        + quote(schema)
        + ".lockstep_truncations (pipeline, table_schema, table_name, position, truncated_at)"
        + " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
        + " position = IF(CAST(position AS BINARY) < CAST(VALUES(position) AS BINARY),"
        + " VALUES(position), position), truncated_at = UTC_TIMESTAMP(6)";
  }

  @Override
  public String truncationsSql(String schema) {
    return "SELECT table_schema, table_name, position FROM "
        + quote(schema)
        + ".lockstep_truncations WHERE pipeline = ?";
  }

  @Override
  public String truncateSql(String tableSchema, String tableName, MetadataColumns metadata) {
    if (!metadata.enabled()) {
      return "DELETE FROM " + qualified(tableSchema, tableName);
    }
    String position = quote(metadata.position());
    return "DELETE FROM "
        + qualified(tableSchema, tableName)
        + " WHERE "
        + position
        + " IS NULL OR CAST("
        + position
        + " AS BINARY) < CAST(? AS BINARY)";
  }

  /**
   * LEAST and GREATEST return NULL if any argument is; the COALESCEs make them skip a NULL as
   * PostgreSQL's do.
   */
  @Override
  public String recordPendingBackfillSql(String schema) {
    return "INSERT INTO "
        + quote(schema)
        + ".lockstep_pending_backfill (pipeline, table_schema, table_name, column_name,"
        + " first_position, last_position, row_changes, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))"
        + " ON DUPLICATE KEY UPDATE"
        + " first_position = LEAST(COALESCE(first_position, VALUES(first_position)),"
        + " COALESCE(VALUES(first_position), first_position)),"
        + " last_position = GREATEST(COALESCE(last_position, VALUES(last_position)),"
        + " COALESCE(VALUES(last_position), last_position)),"
        + " row_changes = row_changes + VALUES(row_changes), updated_at = UTC_TIMESTAMP(6)";
  }

  /** MySQL 8 also spells the shared lock {@code FOR SHARE}; MariaDB only this way. */
  @Override
  public String lockEpochSql(String schema, boolean exclusive) {
    return "SELECT epoch FROM "
        + quote(schema)
        + ".lockstep_epoch WHERE pipeline = ?"
        + (exclusive ? " FOR UPDATE" : " LOCK IN SHARE MODE");
  }

  /**
   * INSERT IGNORE skips the existing row under a shared lock, where a no-op ON DUPLICATE KEY UPDATE
   * would take it exclusively. (It would also cut a value too long for its column, but a pipeline
   * name over 128 characters is the only one that can be.)
   */
  @Override
  public String insertEpochSql(String schema) {
    return "INSERT IGNORE INTO "
        + quote(schema)
        + ".lockstep_epoch (pipeline, epoch) VALUES (?, 0)";
  }

  @Override
  public String updateEpochSql(String schema) {
    return "UPDATE " + quote(schema) + ".lockstep_epoch SET epoch = ? WHERE pipeline = ?";
  }

  /** INSERT IGNORE for the same reason as {@link #insertEpochSql}: tasks do not queue on it. */
  @Override
  public String registerTableSql(String schema) {
    return "INSERT IGNORE INTO "
        + quote(schema)
        + ".lockstep_tables (pipeline, table_schema, table_name) VALUES (?, ?, ?)";
  }

  @Override
  public String registeredTablesSql(String schema) {
    return "SELECT table_schema, table_name FROM "
        + quote(schema)
        + ".lockstep_tables WHERE pipeline = ? ORDER BY 1, 2";
  }

  @Override
  public String sweepSql(String tableSchema, String tableName, MetadataColumns metadata) {
    String position = quote(metadata.position());
    return "DELETE FROM "
        + qualified(tableSchema, tableName)
        + " WHERE CAST("
        + position
        + " AS BINARY) < CAST(? AS BINARY)";
  }
}

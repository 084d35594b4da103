package io.lockstep.preflight;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.dialect.PostgresDialect;
import io.lockstep.dialect.TargetTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Checks, before any job starts, that the source can be captured and the target written, and says
 * for each problem what to change. Run by {@code bin/lockstep run}, the quickstart and the jobs'
 * {@code main}.
 */
public final class Preflight {

  /** A source table the pipeline captures, with what the checks need to know of it. */
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

  private static final String SOURCE_TABLES =
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
       ORDER BY 1, 2""";

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
    String where =
        "source "
            + config.get(PipelineOptions.SOURCE_HOST)
            + ":"
            + config.get(PipelineOptions.SOURCE_PORT)
            + "/"
            + config.get(PipelineOptions.SOURCE_DATABASE);
    try (Connection source =
        connect(
            config.sourceJdbcUrl(),
            config.get(PipelineOptions.SOURCE_USER),
            config.secret(PipelineOptions.SOURCE_PASSWORD_ENV))) {
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
      List<SourceTable> tables = capturedTables(source, config.sourceTables());
      if (tables.isEmpty()) {
        problems.add(
            where
                + ": source.tables "
                + config.sourceTables()
                + " matches no table. Patterns"
                + " are regular expressions over schema.table, such as 'public\\.orders'.");
      }
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
        if (!table.hasPrimaryKey()) {
          problems.add(
              where
                  + ": table "
                  + table.qualified()
                  + " has no primary key. Lockstep routes and"
                  + " upserts rows by key: add a PRIMARY KEY, or leave the table out of"
                  + " source.tables.");
        }
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
          problems.add(
              where
                  + ": user '"
                  + user
                  + "' cannot read "
                  + table.qualified()
                  + " for the snapshot. Run: GRANT SELECT ON "
                  + table.qualified()
                  + " TO "
                  + user
                  + ";");
        }
        if (!table.owned()) {
          notOwned.add(table.qualified());
        }
      }
      boolean allTables = config.get(PipelineOptions.SOURCE_PUBLICATION_MODE).equals("all_tables");
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

  private static void checkTarget(
      PipelineConfig config, List<SourceTable> sourceTables, List<String> problems) {
    String where =
        "target "
            + config.get(PipelineOptions.TARGET_HOST)
            + ":"
            + config.get(PipelineOptions.TARGET_PORT)
            + "/"
            + config.get(PipelineOptions.TARGET_DATABASE);
    PostgresDialect dialect = new PostgresDialect();
    try (Connection target =
        connect(
            config.targetJdbcUrl(),
            config.get(PipelineOptions.TARGET_USER),
            config.secret(PipelineOptions.TARGET_PASSWORD_ENV))) {
      for (SourceTable source : sourceTables) {
        String schema = config.getOptional(PipelineOptions.TARGET_SCHEMA).orElse(source.schema());
        Optional<TargetTable> table = dialect.describeTable(target, schema, source.name());
        if (table.isEmpty()) {
          problems.add(
              where
                  + ": table "
                  + schema
                  + "."
                  + source.name()
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
                  + " source table's primary key to it.");
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

  private static List<SourceTable> capturedTables(Connection source, List<String> patterns)
      throws SQLException {
    List<Pattern> compiled = patterns.stream().map(Pattern::compile).toList();
    List<SourceTable> tables = new ArrayList<>();
    HashSet<String> seen = new HashSet<>();
    try (PreparedStatement ps = source.prepareStatement(SOURCE_TABLES);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SourceTable table =
            new SourceTable(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getString(4).charAt(0),
                rs.getBoolean(5),
                rs.getBoolean(6));
        if (compiled.stream().anyMatch(p -> p.matcher(table.qualified()).matches())
            && seen.add(table.qualified())) {
          tables.add(table);
        }
      }
    }
    return tables;
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("ApplicationName", "lockstep-preflight");
    return DriverManager.getConnection(url, properties);
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? String.valueOf(rs.getString(1)) : "";
    }
  }
}

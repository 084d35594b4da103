package io.lockstep.it.recovery;

import io.lockstep.catalog.CatalogReader;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.event.ColumnSchema;
import io.lockstep.event.TableSchema;
import io.lockstep.recovery.reconcile.Difference;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/** Tables copied from source to target over JDBC, and differences made on purpose. */
final class ReconcileFixture {

  private ReconcileFixture() {}

  /** The environment the pipeline files' password variable comes from. */
  static final Map<String, String> ENVIRONMENT = Map.of("P", "unused");

  static PipelineConfig config(String yaml) {
    return new PipelineConfigLoader(ENVIRONMENT::get).parse(yaml, "test pipeline");
  }

  static String yaml(
      String name,
      EmbeddedDatabase source,
      String sourceDatabase,
      String sourceTables,
      EmbeddedDatabase target,
      String targetSchema) {
    return """
            pipeline:
              name: %s
            source:
              type: %s
              host: %s
              port: %d
              database: %s
              user: %s
              password-env: P
              tables: ["%s"]
            target:
              type: %s
              host: %s
              port: %d
              database: %s
              user: %s
              password-env: P
              schema: %s
            kafka:
              bootstrap-servers: localhost:9092
            """
        .formatted(
            name,
            source.engine().configName(),
            source.host(),
            source.port(),
            sourceDatabase,
            source.user(),
            sourceTables,
            target.engine().configName(),
            target.host(),
            target.port(),
            target.database(),
            target.user(),
            targetSchema);
  }

  /**
   * Copies every row of a source table into the (empty) PostgreSQL target table of the same
   * columns: values as text cast to the target column's type, bytes as bytes, both sessions in UTC.
   */
  static void copy(
      Connection source,
      Engine sourceEngine,
      String sourceSchema,
      String table,
      Connection target,
      String targetSchema)
      throws SQLException {
    TableSchema from =
        CatalogReader.describe(source, sourceEngine, sourceSchema, table).orElseThrow();
    TableSchema to =
        CatalogReader.describe(target, Engine.POSTGRES, targetSchema, table).orElseThrow();
    try (Statement st = target.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
    }
    if (sourceEngine == Engine.MARIADB) {
      try (Statement st = source.createStatement()) {
        st.execute("SET time_zone = '+00:00'");
      }
    } else {
      try (Statement st = source.createStatement()) {
        st.execute("SET TIME ZONE 'UTC'");
      }
      source.setAutoCommit(false);
    }
    List<ColumnSchema> columns = from.columns();
    StringJoiner names = new StringJoiner(", ");
    StringJoiner sourceNames = new StringJoiner(", ");
    StringJoiner values = new StringJoiner(", ");
    List<Boolean> bytes = new ArrayList<>();
    for (ColumnSchema column : columns) {
      names.add('"' + column.name() + '"');
      sourceNames.add(
          sourceEngine == Engine.MARIADB ? '`' + column.name() + '`' : '"' + column.name() + '"');
      String type = to.column(column.name()).orElseThrow().nativeType();
      bytes.add(type.equals("bytea"));
      values.add("CAST(? AS \"" + type + "\")");
    }
    target.setAutoCommit(false);
    try (Statement read = source.createStatement();
        PreparedStatement write =
            target.prepareStatement(
                "INSERT INTO \""
                    + targetSchema
                    + "\".\""
                    + table
                    + "\" ("
                    + names
                    + ") VALUES ("
                    + values
                    + ")")) {
      read.setFetchSize(5_000);
      try (ResultSet rs =
          read.executeQuery(
              "SELECT "
                  + sourceNames
                  + " FROM "
                  + (sourceEngine == Engine.MARIADB
                      ? '`' + sourceSchema + "`.`" + table + '`'
                      : '"' + sourceSchema + "\".\"" + table + '"'))) {
        int pending = 0;
        while (rs.next()) {
          for (int i = 0; i < columns.size(); i++) {
            if (bytes.get(i)) {
              write.setBytes(i + 1, rs.getBytes(i + 1));
            } else {
              write.setString(i + 1, rs.getString(i + 1));
            }
          }
          write.addBatch();
          if (++pending == 1_000) {
            write.executeBatch();
            pending = 0;
          }
        }
        write.executeBatch();
      }
      target.commit();
    } finally {
      target.setAutoCommit(true);
      if (sourceEngine == Engine.POSTGRES) {
        source.commit();
        source.setAutoCommit(true);
      }
    }
    try (Statement st = target.createStatement()) {
      st.execute("ANALYZE \"" + targetSchema + "\".\"" + table + '"');
    }
  }

  /** A difference as the tests expect it: key texts joined by |, kind, differing columns. */
  record Expected(String key, Discrepancy.Kind kind, Set<String> columns)
      implements Comparable<Expected> {
    @Override
    public int compareTo(Expected other) {
      return (key + kind).compareTo(other.key + other.kind);
    }
  }

  static Set<Expected> found(List<Difference> differences) {
    Set<Expected> found = new TreeSet<>();
    for (Difference d : differences) {
      Set<String> columns = new TreeSet<>();
      d.columns().forEach(c -> columns.add(c.column()));
      found.add(new Expected(String.join("|", d.keyText()), d.kind(), columns));
    }
    return found;
  }
}

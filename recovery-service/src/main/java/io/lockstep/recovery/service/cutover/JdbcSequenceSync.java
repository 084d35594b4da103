package io.lockstep.recovery.service.cutover;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.TableNaming;
import io.lockstep.recovery.service.pipeline.KnownTable;
import io.lockstep.recovery.service.pipeline.PipelineConnections;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sequences over JDBC. PostgreSQL: the sequences a table's columns own (serial and identity
 * columns, through {@code pg_depend}), read from {@code pg_sequences} and set with {@code setval}.
 * MariaDB/MySQL: the table's AUTO_INCREMENT column, read from {@code information_schema.tables} and
 * set with {@code ALTER TABLE}. Table names come from the pipeline's catalog and {@code
 * target.table-renames}, never from a caller.
 */
@Component
class JdbcSequenceSync implements SequenceSync {

  private static final String PG_SEQUENCES =
      """
      SELECT a.attname, s.last_value
      FROM pg_class t
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_depend d ON d.refobjid = t.oid AND d.refclassid = 'pg_class'::regclass
        AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
      JOIN pg_namespace sn ON sn.oid = sc.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      JOIN pg_sequences s ON s.schemaname = sn.nspname AND s.sequencename = sc.relname
      WHERE n.nspname = ? AND t.relname = ?
      """;
  private static final String MARIADB_AUTO_INCREMENT =
      """
      SELECT c.column_name, t.auto_increment
      FROM information_schema.tables t
      JOIN information_schema.columns c
        ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema = ? AND t.table_name = ? AND c.extra LIKE '%auto_increment%'
      """;

  private final PipelineConfig pipeline;
  private final PipelineConnections connections;
  private final TableNaming naming;

  JdbcSequenceSync(PipelineConfig pipeline, PipelineConnections connections) {
    this.pipeline = pipeline;
    this.connections = connections;
    this.naming = TableNaming.of(pipeline);
  }

  @Override
  public List<SequencePlan> sync(List<KnownTable> tables, long buffer, boolean dryRun)
      throws SQLException {
    List<SequencePlan> plans = new ArrayList<>();
    try (Connection source = connections.source();
        Connection target = connections.target()) {
      for (KnownTable table : tables) {
        TableNaming.TargetName to = naming.target(table.schema(), table.table());
        Map<String, Long> sourceValues =
            read(source, pipeline.sourceEngine(), table.schema(), table.table());
        Map<String, Long> targetValues =
            read(target, pipeline.targetEngine(), to.schema(), to.table());
        for (Map.Entry<String, Long> sequence : sourceValues.entrySet()) {
          plans.add(
              plan(
                  target,
                  table,
                  to,
                  sequence.getKey(),
                  sequence.getValue(),
                  targetValues,
                  buffer,
                  dryRun));
        }
      }
    }
    return plans;
  }

  private SequencePlan plan(
      Connection target,
      KnownTable table,
      TableNaming.TargetName to,
      String column,
      Long sourceValue,
      Map<String, Long> targetValues,
      long buffer,
      boolean dryRun)
      throws SQLException {
    String targetName = to.schema() + "." + to.table();
    if (!targetValues.containsKey(column)) {
      return new SequencePlan(
          table.name(), column, targetName, sourceValue, null, null, "NO_TARGET_SEQUENCE");
    }
    long current = targetValues.get(column) == null ? 0 : targetValues.get(column);
    if (sourceValue == null) {
      return new SequencePlan(
          table.name(), column, targetName, null, current, null, "SOURCE_UNUSED");
    }
    long wanted = sourceValue + buffer;
    if (current >= wanted) {
      return new SequencePlan(
          table.name(), column, targetName, sourceValue, current, current, "ALREADY_AHEAD");
    }
    if (!dryRun) {
      set(target, to, column, wanted);
    }
    return new SequencePlan(
        table.name(),
        column,
        targetName,
        sourceValue,
        current,
        wanted,
        dryRun ? "WOULD_SET" : "SET");
  }

  /** Column name to its sequence's last value (null if unused). */
  private static Map<String, Long> read(Connection db, Engine engine, String schema, String table)
      throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    String sql = engine == Engine.POSTGRES ? PG_SEQUENCES : MARIADB_AUTO_INCREMENT;
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long value = rs.getLong(2);
          boolean unused = rs.wasNull() || (engine == Engine.MARIADB && value <= 1);
          // AUTO_INCREMENT is the next value to be given; the last one given is one less.
          values.put(rs.getString(1), unused ? null : engine == Engine.MARIADB ? value - 1 : value);
        }
      }
    }
    return values;
  }

  private void set(Connection target, TableNaming.TargetName to, String column, long value)
      throws SQLException {
    if (pipeline.targetEngine() == Engine.POSTGRES) {
      try (PreparedStatement ps =
          target.prepareStatement(
              "SELECT setval(pg_get_serial_sequence(format('%I.%I', ?, ?), ?), ?, true)")) {
        ps.setString(1, to.schema());
        ps.setString(2, to.table());
        ps.setString(3, column);
        ps.setLong(4, value);
        ps.execute();
      }
    } else {
      // DDL takes no parameters; the names are the catalog's, quoted, and the value a number.
      try (Statement statement = target.createStatement()) {
        statement.execute(
            "ALTER TABLE "
                + quote(to.schema())
                + "."
                + quote(to.table())
                + " AUTO_INCREMENT = "
                + (value + 1));
      }
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}

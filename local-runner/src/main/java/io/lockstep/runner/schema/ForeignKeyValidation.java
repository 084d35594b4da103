package io.lockstep.runner.schema;

import io.lockstep.engine.SchemaDdl;
import io.lockstep.engine.TableObjects;
import io.lockstep.engine.TargetDialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@code lockstep schema --validate-foreign-keys}, for the cutover: every foreign key the plan
 * created on the target is checked for rows that break it (a child row whose parent is missing),
 * the same query on every engine, and then marked valid where the engine keeps that state
 * (PostgreSQL {@code VALIDATE CONSTRAINT}). A key with orphans is named with their number and left
 * as it is: the apply job has not caught up, or the target diverged (reconcile the two tables).
 */
final class ForeignKeyValidation {

  private ForeignKeyValidation() {}

  static void validate(
      TargetDialect dialect, SchemaDdl ddl, Connection target, List<SchemaBootstrap.TableDdl> plan)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement statement = target.createStatement()) {
      for (SchemaBootstrap.TableDdl table : plan) {
        for (TargetObjects.ForeignKeyDdl key : table.foreignKeys()) {
          long orphans = count(statement, orphansSql(dialect, key));
          if (orphans > 0) {
            problems.add(
                "foreign key "
                    + key.key().name()
                    + " of "
                    + key.schema()
                    + "."
                    + key.table()
                    + ": "
                    + orphans
                    + " row(s) reference no row of "
                    + key.key().refSchema()
                    + "."
                    + key.key().refTable());
            continue;
          }
          Optional<String> validate =
              ddl.validateForeignKeySql(key.schema(), key.table(), key.key().name());
          if (validate.isPresent()) {
            statement.execute(validate.get());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SQLException(
          String.join("; ", problems)
              + ". Wait until the apply job has caught up (its lag), then reconcile the tables"
              + " named (lockstep reconcile) and validate again.");
    }
  }

  /** Rows of the child whose key columns are all set and match no parent row (MATCH SIMPLE). */
  static String orphansSql(TargetDialect dialect, TargetObjects.ForeignKeyDdl key) {
    TableObjects.ForeignKey fk = key.key();
    StringJoiner set = new StringJoiner(" AND ");
    StringJoiner match = new StringJoiner(" AND ");
    for (int i = 0; i < fk.columns().size(); i++) {
      String child = "c." + dialect.quoteIdentifier(fk.columns().get(i));
      set.add(child + " IS NOT NULL");
      match.add("p." + dialect.quoteIdentifier(fk.refColumns().get(i)) + " = " + child);
    }
    return "SELECT count(*) FROM "
        + dialect.quoteIdentifier(key.schema())
        + "."
        + dialect.quoteIdentifier(key.table())
        + " c WHERE "
        + set
        + " AND NOT EXISTS (SELECT 1 FROM "
        + dialect.quoteIdentifier(fk.refSchema())
        + "."
        + dialect.quoteIdentifier(fk.refTable())
        + " p WHERE "
        + match
        + ")";
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

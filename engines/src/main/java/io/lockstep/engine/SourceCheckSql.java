package io.lockstep.engine;

import io.lockstep.config.TableSelection;
import io.lockstep.types.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** What every engine's {@link SourceChecks} reads and says the same way. */
public final class SourceCheckSql {

  /** Reads one table of a catalog query. */
  public interface TableRow<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private SourceCheckSql() {}

  /**
   * The tables {@code sql} lists that the pipeline captures: matched by source.tables, not by
   * source.exclude-tables.
   */
  public static <T> List<T> capturedTables(
      Connection source,
      String sql,
      TableRow<T> row,
      Function<T, CapturedTable> table,
      TableSelection selection)
      throws SQLException {
    List<T> tables = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    try (PreparedStatement ps = source.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        T read = row.read(rs);
        CapturedTable captured = table.apply(read);
        if (selection.includes(captured.schema(), captured.name())
            && seen.add(List.of(captured.schema(), captured.name()))) {
          tables.add(read);
        }
      }
    }
    return tables;
  }

  /** The first column of the first row {@code sql} reads, as text; empty when there is no row. */
  public static String single(Connection connection, String sql) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? String.valueOf(rs.getString(1)) : "";
    }
  }

  /** The problem of a captured table the user {@code who} may not read for the snapshot. */
  public static String cannotRead(
      String where, String who, CapturedTable table, Engine engine, String grantee) {
    return where
        + ": user "
        + who
        + " cannot read "
        + table.qualified()
        + " for the snapshot. Run: GRANT SELECT ON "
        + table.sqlName(engine)
        + " TO "
        + grantee
        + ";";
  }
}

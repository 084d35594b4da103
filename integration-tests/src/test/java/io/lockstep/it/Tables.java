package io.lockstep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.runner.compare.RowByRowComparator;
import io.lockstep.runner.compare.TableComparison;
import io.lockstep.runner.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reading and comparing tables in tests. */
final class Tables {

  private Tables() {}

  static List<TableComparison> compare(
      EmbeddedDatabase source, EmbeddedDatabase target, String schema, List<String> tables)
      throws SQLException {
    try (Connection s = source.connect();
        Connection t = target.connect()) {
      List<TableComparison> result = new ArrayList<>();
      for (String table : tables) {
        result.add(
            RowByRowComparator.compare(
                new RowByRowComparator.Side(s, source.engine(), schema, table),
                new RowByRowComparator.Side(t, target.engine(), schema, table),
                List.of(),
                Set.of()));
      }
      return result;
    }
  }

  /** Waits until every table is equal on source and target; fails naming the differences. */
  static void awaitTargetEqualsSource(
      EmbeddedDatabase source,
      EmbeddedDatabase target,
      String schema,
      List<String> tables,
      Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        // A server restarting under the test answers with errors for a moment.
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(compare(source, target, schema, tables))
                    .allSatisfy(c -> assertThat(c.matches()).as(c.toString()).isTrue()));
  }

  /** Every column of every row, metadata columns included, as text, by the first column. */
  static Map<String, List<String>> snapshot(EmbeddedDatabase server, String qualifiedTable)
      throws SQLException {
    Map<String, List<String>> rows = new TreeMap<>();
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + qualifiedTable)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(rs.getString(i));
        }
        rows.put(values.get(0), values);
      }
    }
    return rows;
  }

  static void execute(EmbeddedDatabase server, String... statements) throws SQLException {
    try (Connection c = server.connect();
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  static long count(EmbeddedDatabase server, String sql) throws SQLException {
    try (Connection c = server.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

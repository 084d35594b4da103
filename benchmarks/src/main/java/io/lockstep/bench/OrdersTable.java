package io.lockstep.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark table: six columns with text, numeric, timestamptz and jsonb, as the issue asks.
 * Every value is a function of the row's id and version, so any writer produces the same rows and
 * the table's state is checked by {@code count(*)} and {@code sum(version)} alone.
 */
final class OrdersTable {

  /** What a finished table must hold. */
  record State(long rows, long versionSum) {}

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private OrdersTable() {}

  static String createSql(String table) {
    return "CREATE TABLE "
        + table
        + " (id bigint PRIMARY KEY, customer text NOT NULL, amount numeric(12,2) NOT NULL,"
        + " updated_at timestamptz NOT NULL, attrs jsonb NOT NULL, version bigint NOT NULL)";
  }

  static String customer(long id, long version) {
    return "customer-" + id + "-v" + version;
  }

  static BigDecimal amount(long id, long version) {
    return BigDecimal.valueOf((id * 7919 + version * 104729) % 100_000_000, 2);
  }

  static Instant updatedAt(long id, long version) {
    return BASE.plusSeconds(id).plusMillis(version * 1000 + version % 1000).plusNanos(123_000);
  }

  static String attrs(long id, long version) {
    return "{\"tier\": \""
        + (id % 3 == 0 ? "gold" : "silver")
        + "\", \"score\": "
        + (id * 31 + version) % 1000
        + ", \"tags\": [\"a\", \"b\"]}";
  }

  static State state(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*), coalesce(sum(version), 0) FROM " + table)) {
      rows.next();
      return new State(rows.getLong(1), rows.getLong(2));
    }
  }

  /**
   * Makes {@code changes} on the source in one transaction. The table's end state is the
   * workload's, though the order inside a transaction is by kind (see below).
   */
  static void write(Connection connection, String table, List<ChangeWorkload.RowChange> changes)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (id, customer, amount, updated_at, attrs, version)"
                    + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?)");
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE "
                    + table
                    + " SET customer = ?, amount = ?, updated_at = ?, attrs = CAST(? AS jsonb),"
                    + " version = ? WHERE id = ?");
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      for (ChangeWorkload.RowChange change : changes) {
        long id = change.id();
        long v = change.version();
        switch (change.kind()) {
          case INSERT -> {
            insert.setLong(1, id);
            insert.setString(2, customer(id, v));
            insert.setBigDecimal(3, amount(id, v));
            insert.setTimestamp(4, Timestamp.from(updatedAt(id, v)));
            insert.setString(5, attrs(id, v));
            insert.setLong(6, v);
            insert.addBatch();
          }
          case UPDATE -> {
            update.setString(1, customer(id, v));
            update.setBigDecimal(2, amount(id, v));
            update.setTimestamp(3, Timestamp.from(updatedAt(id, v)));
            update.setString(4, attrs(id, v));
            update.setLong(5, v);
            update.setLong(6, id);
            update.addBatch();
          }
          case DELETE -> {
            delete.setLong(1, id);
            delete.addBatch();
          }
        }
      }
      // Inserts, then updates, then deletes: keys are never reused, so every change still finds
      // the row it expects, and one transaction's changes take three round trips, not one each.
      insert.executeBatch();
      update.executeBatch();
      delete.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}

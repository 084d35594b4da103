package io.lockstep.recovery.reconcile;

import io.lockstep.engines.Engines;
import io.lockstep.event.ColumnSchema;
import io.lockstep.types.ValueNormaliser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Runs {@link SideSql}'s statements on one side and reads their results. */
final class SideQueries {

  private static final int FETCH_SIZE = 10_000;

  private final DataSource dataSource;
  private final SideSql sql;
  private final List<ColumnSchema> compared;

  SideQueries(DataSource dataSource, SideSql sql, List<ColumnSchema> compared) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.compared = compared;
  }

  SideSql sql() {
    return sql;
  }

  /** Rows of a result set, one at a time. */
  @FunctionalInterface
  interface RowHandler {
    void row(ResultSet rs) throws SQLException;
  }

  /**
   * Runs a query, streaming its rows (PostgreSQL streams only inside a transaction, with a fetch
   * size; MariaDB Connector/J streams with a fetch size).
   */
  void query(BoundSql statement, RowHandler handler) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      if (sql.checksum.streamsOnlyInTransaction() && autoCommit) {
        connection.setAutoCommit(false);
      }
      try (PreparedStatement ps = statement.prepare(connection)) {
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            handler.row(rs);
          }
        }
      } catch (SQLException e) {
        throw new SQLException(
            e.getMessage()
                + " (running on the "
                + sql.engine.displayName()
                + " side: "
                + statement.sql()
                + ")",
            e.getSQLState(),
            e);
      } finally {
        if (connection.getAutoCommit() != autoCommit) {
          connection.rollback();
          connection.setAutoCommit(autoCommit);
        }
      }
    }
  }

  /** A single number (count, estimate); null when the query returned NULL or nothing. */
  Long number(BoundSql statement) throws SQLException {
    Long[] value = new Long[1];
    query(
        statement,
        rs -> {
          long v = rs.getLong(1);
          value[0] = rs.wasNull() ? null : v;
        });
    return value[0];
  }

  /** Smallest and largest integer key of a range, or null when it holds no row. */
  long[] bounds(KeyRange range) throws SQLException {
    long[][] bounds = new long[1][];
    query(
        sql.bounds(range),
        rs -> {
          long min = rs.getLong(1);
          if (!rs.wasNull()) {
            bounds[0] = new long[] {min, rs.getLong(2)};
          }
        });
    return bounds[0];
  }

  /** Bucket checksums by bucket number. */
  Map<Long, RangeChecksum> checksums(BoundSql statement) throws SQLException {
    Map<Long, RangeChecksum> buckets = new HashMap<>();
    if (sql.javaColumns().isEmpty()) {
      query(
          statement,
          rs -> {
            BigDecimal sum = rs.getBigDecimal(3);
            buckets.put(
                rs.getLong(1),
                new RangeChecksum(
                    rs.getLong(2),
                    sum == null ? BigInteger.ZERO : sum.toBigInteger(),
                    BigInteger.ZERO));
          });
      return buckets;
    }
    List<Integer> streamed = sql.streamedColumns();
    MessageDigest md5 = md5();
    query(
        statement,
        rs -> {
          long bucket = rs.getLong(1);
          BigDecimal hash = rs.getBigDecimal(2);
          StringBuilder text = new StringBuilder();
          for (int i = 0; i < streamed.size(); i++) {
            Object value =
                ValueNormaliser.normalise(
                    compared.get(streamed.get(i)),
                    Engines.of(sql.engine).readComparable(rs, i + 3));
            text.append(value == null ? "-" : value.toString().length() + ":" + value);
          }
          BigInteger javaHash =
              new BigInteger(1, md5.digest(text.toString().getBytes(StandardCharsets.UTF_8)))
                  .shiftRight(68); // 60 bits, as the databases' hashes
          buckets.merge(
              bucket,
              RangeChecksum.EMPTY.add(1, hash.toBigInteger(), javaHash),
              (a, b) -> a.add(b.rows(), b.sum(), b.javaSum()));
        });
    return buckets;
  }

  /** Sampled boundary keys, as canonical texts. */
  List<List<String>> keys(BoundSql statement, List<ColumnSchema> keyColumns) throws SQLException {
    List<List<String>> keys = new ArrayList<>();
    query(
        statement,
        rs -> {
          List<String> key = new ArrayList<>(keyColumns.size());
          for (int k = 0; k < keyColumns.size(); k++) {
            key.add(
                text(
                    ValueNormaliser.normalise(
                        keyColumns.get(k), Engines.of(sql.engine).readComparable(rs, k + 1))));
          }
          keys.add(key);
        });
    return keys;
  }

  /** Rows by canonical key, each the canonical texts of the compared columns. */
  Map<List<String>, List<String>> rows(BoundSql statement) throws SQLException {
    Map<List<String>, List<String>> rows = new LinkedHashMap<>();
    List<Integer> keyIndex = sql.keyIndex();
    query(
        statement,
        rs -> {
          List<String> values = new ArrayList<>(compared.size());
          for (int i = 0; i < compared.size(); i++) {
            values.add(
                text(
                    ValueNormaliser.normalise(
                        compared.get(i), Engines.of(sql.engine).readComparable(rs, i + 1))));
          }
          List<String> key = new ArrayList<>(keyIndex.size());
          keyIndex.forEach(i -> key.add(values.get(i)));
          rows.put(key, values);
        });
    return rows;
  }

  private static String text(Object canonical) {
    return canonical == null ? null : canonical.toString();
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }
}

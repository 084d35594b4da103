package io.lockstep.runner.quickstart;

import io.lockstep.types.Engine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a shop's traffic to the demo tables: small transactions of inserts, updates and deletes
 * over customers, orders and payments, with values that exercise every column type (Unicode,
 * microseconds, exact decimals, binary, JSON, arrays, NULLs). Deterministic for a given seed.
 */
public final class DemoWorkload {

  private static final String[] NAMES = {
    "Ada",
    "Grace",
    "Zoë",
    "Łukasz",
    "Søren",
    "Ngozi",
    "José",
    "Ævar",
    "Chloé",
    "Dmitrii",
    "美咲",
    "أحمد",
    "Ολυμπία",
    "Björk",
    "🙂 Emoji Fan",
    "O'Brien",
    "Tab\tSeparated",
    "quote\"d"
  };
  private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "cancelled"};

  private final Connection connection;
  private final Random random;
  private final List<Long> customers = new ArrayList<>();

  /** When each customer was last inserted or updated (System.nanoTime), for --corrupt. */
  private final java.util.Map<Long, Long> customerChangedAt = new java.util.HashMap<>();

  private final List<UUID> orders = new ArrayList<>();
  private final List<Long> payments = new ArrayList<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong rowChanges = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final DemoDialect demo;

  /** A workload on PostgreSQL that goes on from the rows the tables already hold. */
  public DemoWorkload(Connection connection, long seed) throws SQLException {
    this(connection, new PostgresDemo(), seed);
  }

  /**
   * A workload on {@code engine} that goes on from the rows the tables already hold. The same seed
   * makes the same changes on either engine, in each engine's own SQL and types.
   */
  public DemoWorkload(Connection connection, Engine engine, long seed) throws SQLException {
    this(connection, DemoDialect.of(engine), seed);
  }

  private DemoWorkload(Connection connection, DemoDialect demo, long seed) throws SQLException {
    this.connection = connection;
    this.demo = demo;
    this.random = new Random(seed);
    connection.setAutoCommit(false);
    long maxId = 0;
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("SELECT id FROM shop.customers ORDER BY id")) {
        while (rs.next()) {
          customers.add(rs.getLong(1));
          maxId = Math.max(maxId, rs.getLong(1));
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT id FROM shop.orders ORDER BY id")) {
        while (rs.next()) {
          orders.add(UUID.fromString(rs.getString(1)));
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT id FROM shop.payments ORDER BY id")) {
        while (rs.next()) {
          payments.add(rs.getLong(1));
          maxId = Math.max(maxId, rs.getLong(1));
        }
      }
    }
    connection.commit();
    nextId.set(maxId + 1);
  }

  /** Inserts {@code customers} customers with a few orders and payments each, in one go. */
  public void seed(int customerCount) throws SQLException {
    for (int i = 0; i < customerCount; i++) {
      long customer = insertCustomer();
      for (int j = 0; j < 2; j++) {
        UUID order = insertOrder(customer);
        insertPayment(order);
      }
      if (i % 200 == 199) {
        commit();
      }
    }
    commit();
  }

  /** One transaction of one to four row changes. */
  public void step() throws SQLException {
    int changes = 1 + random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      int dice = random.nextInt(100);
      if (dice < 15 || customers.isEmpty()) {
        insertCustomer();
      } else if (dice < 35) {
        insertPayment(insertOrder(pick(customers)));
      } else if (dice < 55) {
        updateCustomer(pick(customers));
      } else if (dice < 75 && !orders.isEmpty()) {
        updateOrder(pick(orders));
      } else if (dice < 85 && !payments.isEmpty()) {
        updatePayment(pick(payments));
      } else if (dice < 92 && !payments.isEmpty()) {
        deletePayment(payments.remove(random.nextInt(payments.size())));
      } else if (dice < 97 && !orders.isEmpty()) {
        deleteOrder(orders.remove(random.nextInt(orders.size())));
      } else {
        deleteCustomer(customers.remove(random.nextInt(customers.size())));
      }
    }
    commit();
  }

  /**
   * Takes up to {@code count} random customers that the workload has not changed for {@code
   * quietFor} out of the workload, which never changes them again, and returns their ids (for
   * {@code --corrupt}: rows with no verification pending, whose only later changes are the demo's
   * own).
   */
  public List<Long> retireQuietCustomers(int count, Duration quietFor) {
    long quietSince = System.nanoTime() - quietFor.toNanos();
    List<Long> quiet = new ArrayList<>();
    for (Long id : customers) {
      if (customerChangedAt.getOrDefault(id, Long.MIN_VALUE) < quietSince) {
        quiet.add(id);
      }
    }
    java.util.Collections.shuffle(quiet, random);
    List<Long> retired = new ArrayList<>(quiet.subList(0, Math.min(count, quiet.size())));
    customers.removeAll(retired);
    return retired;
  }

  public long rowChanges() {
    return rowChanges.get();
  }

  public long transactions() {
    return transactions.get();
  }

  private void commit() throws SQLException {
    connection.commit();
    transactions.incrementAndGet();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private long insertCustomer() throws SQLException {
    long id = nextId.getAndIncrement();
    execute(
        demo.insertCustomerSql(),
        id,
        name(),
        random.nextInt(10) == 0 ? null : "user" + id + "@example.com",
        (short) random.nextInt(4),
        money(2),
        random.nextBoolean(),
        demo.createdAt(now()),
        profile());
    customers.add(id);
    customerChangedAt.put(id, System.nanoTime());
    return id;
  }

  private void updateCustomer(long id) throws SQLException {
    customerChangedAt.put(id, System.nanoTime());
    execute(demo.updateCustomerSql(), money(2), (short) random.nextInt(4), profile(), name(), id);
  }

  private void deleteCustomer(long id) throws SQLException {
    execute("DELETE FROM shop.customers WHERE id = ?", id);
  }

  private UUID insertOrder(long customer) throws SQLException {
    UUID id = new UUID(random.nextLong(), random.nextLong());
    execute(
        demo.insertOrderSql(),
        uuid(id),
        customer,
        money(2),
        STATUSES[0],
        LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)),
        demo.placedAt(localTimestamp()),
        tags(),
        random.nextInt(5) == 0 ? null : "note " + name());
    orders.add(id);
    return id;
  }

  private void updateOrder(UUID id) throws SQLException {
    execute(
        demo.updateOrderSql(),
        STATUSES[random.nextInt(STATUSES.length)],
        tags(),
        money(2),
        uuid(id));
  }

  private void deleteOrder(UUID id) throws SQLException {
    execute("DELETE FROM shop.orders WHERE id = ?", uuid(id));
  }

  private void insertPayment(UUID order) throws SQLException {
    long id = nextId.getAndIncrement();
    byte[] receipt = new byte[8 + random.nextInt(24)];
    random.nextBytes(receipt);
    execute(
        demo.insertPaymentSql(),
        id,
        uuid(order),
        money(4),
        random.nextDouble() * 3,
        time(),
        receipt,
        interval(random.nextInt(30), random.nextInt(24)),
        "{\"method\": \"card\", \"3ds\": " + random.nextBoolean() + "}",
        intArray(random.nextInt(3), random.nextInt(3)));
    payments.add(id);
  }

  private void updatePayment(long id) throws SQLException {
    execute(
        demo.updatePaymentSql(),
        random.nextInt(20) == 0 ? null : random.nextDouble() * 3,
        time(),
        id);
  }

  private void deletePayment(long id) throws SQLException {
    execute("DELETE FROM shop.payments WHERE id = ?", id);
  }

  private void execute(String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      rowChanges.addAndGet(statement.executeUpdate());
    }
  }

  private String name() {
    return NAMES[random.nextInt(NAMES.length)] + " " + (char) ('A' + random.nextInt(26)) + ".";
  }

  private BigDecimal money(int scale) {
    return BigDecimal.valueOf(random.nextLong(1, 10_000_000), scale);
  }

  private OffsetDateTime now() {
    // Microsecond precision, as PostgreSQL stores it.
    Instant instant =
        Instant.ofEpochSecond(
            1_600_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000) * 1_000L);
    return instant.atOffset(ZoneOffset.UTC);
  }

  private LocalDateTime localTimestamp() {
    return LocalDateTime.of(2024, 1, 1, 0, 0)
        .plusSeconds(random.nextInt(30_000_000))
        .plusNanos(random.nextInt(1_000_000) * 1_000L);
  }

  private String time() {
    return LocalTime.ofSecondOfDay(random.nextInt(86_400))
        .plusNanos(random.nextInt(1_000_000) * 1_000L)
        .toString();
  }

  /** Null, or a list of tags in the engine's array form ({@link DemoDialect#tags}). */
  private String tags() {
    int variant = random.nextInt(4);
    return variant == 0 ? null : demo.tags(variant);
  }

  private String intArray(int first, int second) {
    return demo.intArray(first, second);
  }

  private String interval(int days, int hours) {
    return demo.interval(days, hours);
  }

  private Object uuid(UUID id) {
    return demo.uuid(id);
  }

  private String profile() {
    return "{\"lang\": \""
        + (random.nextBoolean() ? "en" : "日本語")
        + "\", \"score\": "
        + random.nextInt(1000)
        + ", \"nested\": {\"a\": [1, 2.5, null]}}";
  }
}

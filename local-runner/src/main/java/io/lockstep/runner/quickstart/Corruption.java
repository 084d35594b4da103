package io.lockstep.runner.quickstart;

import io.lockstep.discrepancy.Discrepancy;
import io.lockstep.runner.embedded.EmbeddedStack;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code quickstart --corrupt N}: tampers with N customers on the target behind the pipeline's
 * back, one kind after another: a changed value (the verifier should report it as different), a
 * deleted row (missing) and a row the source deleted put back (unexpected). Each victim is first
 * taken out of the workload and changed once on the source, so that the verifier has a change to
 * check; the target is tampered with after apply wrote that change and before its check is due.
 */
final class Corruption {

  /** One tampered row: its key as the change topics write it, and what the verifier should say. */
  record Victim(long id, Discrepancy.Kind expected) {
    String keyJson() {
      return "{\"id\":" + id + "}";
    }
  }

  private static final Duration APPLIED_WITHIN = Duration.ofSeconds(60);

  private final EmbeddedStack stack;
  private final PrintStream out;
  private final List<Victim> victims = new ArrayList<>();

  Corruption(EmbeddedStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  List<Victim> victims() {
    return victims;
  }

  /** Tampers with the customers {@code ids}, which the workload no longer touches. */
  void tamper(List<Long> ids) throws SQLException, InterruptedException {
    Discrepancy.Kind[] kinds = {
      Discrepancy.Kind.DIFFERENT, Discrepancy.Kind.MISSING, Discrepancy.Kind.UNEXPECTED
    };
    Map<Long, Discrepancy.Kind> planned = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      planned.put(ids.get(i), kinds[i % kinds.length]);
    }
    try (Connection source = stack.source().connect();
        Connection target = stack.target().connect()) {
      // A change per victim on the source: what the verifier will check.
      for (Map.Entry<Long, Discrepancy.Kind> victim : planned.entrySet()) {
        execute(
            source,
            victim.getValue() == Discrepancy.Kind.UNEXPECTED
                ? "DELETE FROM shop.customers WHERE id = ?"
                : "UPDATE shop.customers SET balance = COALESCE(balance, 0) + 1 WHERE id = ?",
            victim.getKey());
      }
      for (Map.Entry<Long, Discrepancy.Kind> victim : planned.entrySet()) {
        awaitApplied(source, target, victim.getKey());
      }
      for (Map.Entry<Long, Discrepancy.Kind> victim : planned.entrySet()) {
        long id = victim.getKey();
        switch (victim.getValue()) {
          case DIFFERENT ->
              execute(
                  target,
                  "UPDATE shop.customers SET name = 'tampered by --corrupt' WHERE id = ?",
                  id);
          case MISSING -> execute(target, "DELETE FROM shop.customers WHERE id = ?", id);
          case UNEXPECTED ->
              execute(
                  target,
                  "INSERT INTO shop.customers (id, name) VALUES (?, 'stray row from --corrupt')",
                  id);
        }
        victims.add(new Victim(id, victim.getValue()));
      }
    }
    out.printf("  --corrupt: tampered with %d customers on the target:%n", victims.size());
    for (Discrepancy.Kind kind : kinds) {
      List<Long> of = victims.stream().filter(v -> v.expected() == kind).map(Victim::id).toList();
      if (!of.isEmpty()) {
        out.printf("    %-10s %s%n", describe(kind), of);
      }
    }
  }

  private static String describe(Discrepancy.Kind kind) {
    return switch (kind) {
      case DIFFERENT -> "updated";
      case MISSING -> "deleted";
      case UNEXPECTED -> "inserted";
    };
  }

  /**
   * Waits until the target holds the source's balance of {@code id}, or no row when it has none.
   */
  private static void awaitApplied(Connection source, Connection target, long id)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + APPLIED_WITHIN.toNanos();
    BigDecimal wanted = balance(source, id);
    while (true) {
      BigDecimal stored = balance(target, id);
      boolean sameRow = (wanted == null) == (stored == null);
      if (sameRow && (wanted == null || wanted.compareTo(stored) == 0)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new SQLException(
            "customer " + id + " was not applied to the target within " + APPLIED_WITHIN);
      }
      // Polling the target while apply catches up.
      Thread.sleep(100);
    }
  }

  /** The row's balance, a zero for a NULL balance, or null when there is no row. */
  private static BigDecimal balance(Connection connection, long id) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT balance FROM shop.customers WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return Objects.requireNonNullElse(rs.getBigDecimal(1), BigDecimal.ZERO);
      }
    }
  }

  private static void execute(Connection connection, String sql, long id) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(true);
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.executeUpdate();
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}

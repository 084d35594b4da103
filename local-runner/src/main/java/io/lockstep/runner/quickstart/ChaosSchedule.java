package io.lockstep.runner.quickstart;

import io.lockstep.runner.embedded.EmbeddedStack;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults of {@code quickstart --chaos}, spread over the traffic: the target database restarts,
 * the Flink task manager dies, and rows the target refuses are written on the source. Each fault is
 * printed with what the pipeline did about it.
 */
final class ChaosSchedule {

  /** The target of the demo refuses customers whose e-mail starts with this. */
  static final String POISON_EMAIL_PREFIX = "poison-";

  /** A fault, due at a fraction of the traffic's duration. */
  private record Fault(double at, String name) {}

  private final EmbeddedStack stack;
  private final PrintStream out;
  private final List<Fault> pending = new ArrayList<>();
  private final List<Long> poisonKeys = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Thread runner;
  private volatile Exception failure;

  ChaosSchedule(EmbeddedStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
    pending.add(new Fault(0.15, "poison"));
    pending.add(new Fault(0.30, "target-restart"));
    pending.add(new Fault(0.50, "poison"));
    pending.add(new Fault(0.60, "taskmanager-failure"));
    pending.add(new Fault(0.80, "poison"));
  }

  /** The constraint that makes the demo's target refuse poison rows. */
  static String targetConstraint() {
    return "ALTER TABLE shop.customers ADD CONSTRAINT lockstep_demo_no_poison"
        + " CHECK (email IS NULL OR email NOT LIKE '"
        + POISON_EMAIL_PREFIX
        + "%')";
  }

  /**
   * Runs the faults on a thread of their own, spread over {@code duration} from now, so that the
   * traffic goes on while a fault lasts.
   */
  void start(Duration duration) {
    long start = System.nanoTime();
    runner =
        new Thread(
            () -> {
              try {
                for (Fault fault : pending) {
                  long due = start + (long) (fault.at() * duration.toNanos());
                  // Waiting for the fault's moment in the schedule.
                  Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                  switch (fault.name()) {
                    case "poison" -> injectPoison();
                    case "target-restart" -> restartTarget();
                    default -> failTaskManager();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                failure = e;
                out.println("  FAULT schedule failed: " + e);
              }
            },
            "lockstep-quickstart-chaos");
    runner.setDaemon(true);
    runner.start();
  }

  /** Waits for the faults still running; reports whether they all ran. */
  boolean finish() throws InterruptedException {
    if (runner != null) {
      runner.join(Duration.ofMinutes(2).toMillis());
    }
    return failure == null && runner != null && !runner.isAlive();
  }

  List<Long> poisonKeys() {
    return List.copyOf(poisonKeys);
  }

  private void injectPoison() throws Exception {
    long id = 900_000_000L + poisonKeys.size();
    try (Connection source = stack.source().connect();
        PreparedStatement insert =
            source.prepareStatement(
                "INSERT INTO shop.customers (id, name, email) VALUES (?, 'Poison Row', ?)")) {
      insert.setLong(1, id);
      insert.setString(2, POISON_EMAIL_PREFIX + id + "@example.com");
      insert.executeUpdate();
    }
    poisonKeys.add(id);
    out.printf(
        "  FAULT poison row: customer %d, which the target's CHECK constraint refuses;"
            + " expect it in lockstep.failed-rows while the stream goes on%n",
        id);
  }

  private void restartTarget() throws Exception {
    Instant before = Instant.now();
    out.println("  FAULT target database stopped (for 3s)");
    stack.target().stopServer();
    // The outage itself: how long the target stays down.
    Thread.sleep(Duration.ofSeconds(3).toMillis());
    stack.target().startServer();
    out.printf("  FAULT target database started again; %s%n", recovery(before));
  }

  private void failTaskManager() throws Exception {
    Instant before = Instant.now();
    out.println(
        "  FAULT Flink task manager killed; a new one starts, jobs restore from their last"
            + " checkpoint");
    stack.flink().restartTaskManager();
    out.printf("  FAULT task manager replaced; %s%n", recovery(before));
  }

  /**
   * Waits (up to a minute) until the target holds a change committed after the fault, and says how
   * long that took.
   */
  private String recovery(Instant faultTime) throws Exception {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (newestAppliedCommit().isAfter(faultTime)) {
        return "the pipeline applies new changes again ("
            + (System.nanoTime() - start) / 1_000_000
            + " ms later)";
      }
      // Polling the target while the pipeline recovers.
      Thread.sleep(250);
    }
    return "the pipeline has not applied a new change for a minute";
  }

  private Instant newestAppliedCommit() {
    try (Connection target = stack.target().connect();
        Statement st = target.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT max(_lockstep_commit_ts) FROM (SELECT _lockstep_commit_ts FROM"
                    + " shop.customers UNION ALL SELECT _lockstep_commit_ts FROM shop.orders"
                    + " UNION ALL SELECT _lockstep_commit_ts FROM shop.payments) t")) {
      rs.next();
      Timestamp newest = rs.getTimestamp(1);
      return newest == null ? Instant.EPOCH : newest.toInstant();
    } catch (SQLException | IllegalStateException e) {
      return Instant.EPOCH;
    }
  }
}

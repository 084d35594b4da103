package io.lockstep.runner.embedded;

import io.lockstep.types.Engine;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the embedded default runs: a source and a target database (PostgreSQL or MariaDB), a
 * Kafka broker and a Flink cluster, started in that order and stopped in reverse, even when
 * starting fails half-way.
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedDatabase source;
  private EmbeddedDatabase target;
  private EmbeddedKafkaBroker kafka;
  private LocalFlinkCluster flink;

  private EmbeddedStack() {}

  /** Starts the stack with PostgreSQL on both sides; {@code flinkRestPort} 0 picks a free port. */
  public static EmbeddedStack start(int flinkRestPort) throws Exception {
    return start(flinkRestPort, Engine.POSTGRES, Engine.POSTGRES);
  }

  /** Starts the stack with the given source and target engines. */
  public static EmbeddedStack start(int flinkRestPort, Engine sourceEngine, Engine targetEngine)
      throws Exception {
    return start(flinkRestPort, sourceEngine, targetEngine, 0);
  }

  /** As above, with Flink's Prometheus endpoint on {@code metricsPort} (0: a free port). */
  public static EmbeddedStack start(
      int flinkRestPort, Engine sourceEngine, Engine targetEngine, int metricsPort)
      throws Exception {
    EmbeddedStack stack = new EmbeddedStack();
    try {
      stack.source = stack.track(startDatabase(sourceEngine, "source"));
      stack.target = stack.track(startDatabase(targetEngine, "target"));
      stack.kafka = stack.track(EmbeddedKafkaBroker.start());
      stack.flink = stack.track(LocalFlinkCluster.start(flinkRestPort, 8, metricsPort));
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private static EmbeddedDatabase startDatabase(Engine engine, String name) throws Exception {
    return switch (engine) {
      case POSTGRES -> EmbeddedPostgresServer.start(name);
      case MARIADB -> EmbeddedMariaDbServer.start(name);
    };
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  public EmbeddedDatabase source() {
    return source;
  }

  public EmbeddedDatabase target() {
    return target;
  }

  public EmbeddedKafkaBroker kafka() {
    return kafka;
  }

  public LocalFlinkCluster flink() {
    return flink;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
  }
}

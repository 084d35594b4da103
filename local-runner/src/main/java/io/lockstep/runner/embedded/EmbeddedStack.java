package io.lockstep.runner.embedded;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the embedded default runs: a source and a target PostgreSQL, a Kafka broker and a
 * Flink cluster, started in that order and stopped in reverse, even when starting fails half-way.
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedPostgresServer source;
  private EmbeddedPostgresServer target;
  private EmbeddedKafkaBroker kafka;
  private LocalFlinkCluster flink;

  private EmbeddedStack() {}

  /** Starts the stack; {@code flinkRestPort} 0 picks a free port. */
  public static EmbeddedStack start(int flinkRestPort) throws Exception {
    EmbeddedStack stack = new EmbeddedStack();
    try {
      stack.source = stack.track(EmbeddedPostgresServer.start("source"));
      stack.target = stack.track(EmbeddedPostgresServer.start("target"));
      stack.kafka = stack.track(EmbeddedKafkaBroker.start());
      stack.flink = stack.track(LocalFlinkCluster.start(flinkRestPort, 8));
      return stack;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.add(resource);
    return resource;
  }

  public EmbeddedPostgresServer source() {
    return source;
  }

  public EmbeddedPostgresServer target() {
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

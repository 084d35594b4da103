package io.lockstep.runner.embedded;

import io.lockstep.contract.KafkaClientProperties;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node Kafka (KRaft, combined broker and controller) inside this JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** The largest kafka.max-record-bytes a pipeline may set, with the dead-letter headroom. */
  private static final int BROKER_MAX_MESSAGE_BYTES =
      256 * 1024 * 1024 + KafkaClientProperties.DEAD_LETTER_HEADROOM;

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static EmbeddedKafkaBroker start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("auto.create.topics.enable", "true")
            .setConfigProp("num.partitions", "4")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            // Rows with large values (LOBs over 1 MiB) make records larger than Kafka's 1 MiB
            // default; this broker takes the largest kafka.max-record-bytes a pipeline may set,
            // with the dead-letter headroom (KafkaClientProperties).
            .setConfigProp("message.max.bytes", Integer.toString(BROKER_MAX_MESSAGE_BYTES))
            .setConfigProp("replica.fetch.max.bytes", Integer.toString(BROKER_MAX_MESSAGE_BYTES))
            .build();
    PrintStream console = System.out;
    try {
      // The formatter prints to stdout; keep the quickstart's console for the quickstart.
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        cluster.format();
      } finally {
        System.setOut(console);
      }
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedKafkaBroker(cluster);
  }

  /** Stops the broker and starts it again on the same port and data, as a broker restart does. */
  public void restartBroker() throws Exception {
    var broker = cluster.brokers().values().iterator().next();
    broker.shutdown();
    broker.awaitShutdown();
    broker.startup();
    cluster.waitForReadyBrokers();
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}

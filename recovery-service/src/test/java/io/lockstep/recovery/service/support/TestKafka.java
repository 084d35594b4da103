package io.lockstep.recovery.service.support;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka in this JVM, set up like local-runner's {@code EmbeddedKafkaBroker} (which
 * this module cannot depend on: the local runner hosts the service).
 */
public final class TestKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;
  private final KafkaProducer<byte[], byte[]> producer;

  private TestKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
  }

  public static TestKafka start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("auto.create.topics.enable", "true")
            .setConfigProp("num.partitions", "2")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "2")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    PrintStream console = System.out;
    try {
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
    return new TestKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Sends a record and waits until the broker has it. */
  public void send(String topic, byte[] key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  @Override
  public void close() throws Exception {
    try {
      producer.close();
    } finally {
      cluster.close();
    }
  }
}

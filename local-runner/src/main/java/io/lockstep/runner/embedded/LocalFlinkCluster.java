package io.lockstep.runner.embedded;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM, with its REST API and web UI on localhost, that runs several
 * jobs side by side as a session cluster does.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private final MiniCluster cluster;
  private final int metricsPort;

  private LocalFlinkCluster(MiniCluster cluster, int metricsPort) {
    this.cluster = cluster;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts a cluster; {@code restPort} 0 picks a free port. {@code slots} bounds how many job tasks
   * run at once. Its Prometheus endpoint is on a free port.
   */
  public static LocalFlinkCluster start(int restPort, int slots) throws Exception {
    return start(restPort, slots, 0);
  }

  /**
   * As {@link #start(int, int)}, with Flink's Prometheus reporter on {@code metricsPort} (0 picks a
   * free one): every metric of the jobs, Lockstep's own included, as a production cluster's
   * reporter exports them.
   */
  public static LocalFlinkCluster start(int restPort, int slots, int metricsPort) throws Exception {
    int prometheusPort = metricsPort == 0 ? freePort() : metricsPort;
    Configuration conf = new Configuration();
    conf.setString(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
    conf.set(RestOptions.BIND_ADDRESS, "localhost");
    conf.set(RestOptions.ADDRESS, "localhost");
    conf.set(RestOptions.BIND_PORT, restPort == 0 ? "0" : restPort + "-" + (restPort + 20));
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // The web UI and PipelineMetrics read metrics through this cache; 10s default is too stale.
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
    // Managed memory is what the RocksDB state backend (state.backend: rocksdb) runs in: 32 MiB a
    // slot keeps its write buffers from flushing constantly. Unused with the hashmap backend.
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(32 * slots + "m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new LocalFlinkCluster(cluster, prometheusPort);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Where Prometheus scrapes this cluster's metrics. */
  public URI metricsAddress() {
    return URI.create("http://localhost:" + metricsPort + "/metrics");
  }

  /**
   * Submits the job built in {@code env}, under {@code jobId} when given; returns once the cluster
   * has accepted it.
   */
  public JobID submit(StreamExecutionEnvironment env, String jobName, JobID jobId)
      throws Exception {
    var graph = env.getStreamGraph();
    graph.setJobName(jobName);
    if (jobId != null) {
      graph.setJobId(jobId);
    }
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  public URI restAddress() throws Exception {
    return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
  }

  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
  }

  /** Kills the task manager and starts a new one, as a machine failure would. */
  public void restartTaskManager() throws Exception {
    cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
    cluster.startTaskManager();
  }

  public void cancel(JobID job) throws Exception {
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
  }

  public MiniCluster miniCluster() {
    return cluster;
  }

  @Override
  public void close() throws Exception {
    cluster.closeAsync().get(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS);
  }
}

package io.lockstep.runner.cli;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runner.PipelineMetrics;
import io.lockstep.runner.embedded.EmbeddedKafkaBroker;
import io.lockstep.runner.embedded.LocalFlinkCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep run --config FILE}: a pipeline's jobs on a local Flink cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs the capture and apply jobs of a pipeline file on a local Flink MiniCluster, against"
            + " the databases and Kafka it names (kafka.bootstrap-servers: embedded starts an"
            + " in-process broker). Stops on Ctrl-C.")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "The pipeline file (YAML).")
  Path config;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Port of the Flink web UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9249",
      description =
          "Port of the Prometheus endpoint (Flink's reporter: every job metric, Lockstep's"
              + " included); 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--jobs",
      split = ",",
      defaultValue = "capture,apply,verify",
      description =
          "Which jobs to run, comma-separated: capture, apply, verify (default:"
              + " ${DEFAULT-VALUE}). Run apply alone to drain change topics that another process"
              + " fills.")
  Set<String> jobs;

  @Override
  public Integer call() throws Exception {
    Set<PipelineJob> selected = selectedJobs();
    PipelineConfig pipeline = PipelineConfigLoader.fromSystemEnvironment().load(config);
    EmbeddedKafkaBroker kafka = null;
    if (pipeline.get(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS).equals("embedded")) {
      kafka = EmbeddedKafkaBroker.start();
      pipeline = pipeline.with(PipelineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      System.out.println("In-process Kafka broker: " + kafka.bootstrapServers());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalFlinkCluster flink = LocalFlinkCluster.start(webPort, 8, metricsPort)) {
      System.out.println("Flink web UI: " + flink.restAddress());
      System.out.println("Prometheus: " + flink.metricsAddress());
      System.out.println(pipeline);
      LocalPipeline jobs = new LocalPipeline(flink, pipeline).start(selected);
      PipelineMetrics metrics = new PipelineMetrics(flink.restAddress());
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lockstep-run-stop"));
      while (!stopped.await(
          Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        PipelineMetrics.Snapshot s = metrics.read(jobs);
        System.out.printf(
            "captured=%d applied=%d apply lag=%dms%s%n",
            s.captured(),
            s.applied(),
            s.applyLagMillis(),
            jobs.verifyJob() == null ? "" : " " + metrics.readVerifier(jobs).summary());
      }
      return 0;
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  private Set<PipelineJob> selectedJobs() {
    Set<PipelineJob> selected = EnumSet.noneOf(PipelineJob.class);
    for (String job : jobs) {
      try {
        selected.add(PipelineJob.valueOf(job.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "--jobs: unknown job '" + job + "'; the jobs are capture, apply and verify");
      }
    }
    if (selected.isEmpty()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--jobs: name at least one job (capture, apply, verify)");
    }
    return selected;
  }
}

package io.lockstep.runner;

import io.lockstep.apply.ApplyJob;
import io.lockstep.capture.CaptureJob;
import io.lockstep.config.PipelineConfig;
import io.lockstep.preflight.Preflight;
import io.lockstep.runner.embedded.LocalFlinkCluster;
import io.lockstep.runtime.JobEnvironment;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The capture and apply jobs of one pipeline, running on a local Flink cluster. */
public final class LocalPipeline {

  private final LocalFlinkCluster cluster;
  private final PipelineConfig config;
  private JobID captureJob;
  private JobID applyJob;

  public LocalPipeline(LocalFlinkCluster cluster, PipelineConfig config) {
    this.cluster = cluster;
    this.config = config;
  }

  /** Checks the source and target (see {@link Preflight}), then starts both jobs. */
  public LocalPipeline start() throws Exception {
    Preflight.check(config);
    captureJob = startCapture();
    applyJob = startApply();
    return this;
  }

  public JobID startCapture() throws Exception {
    StreamExecutionEnvironment env = environment();
    CaptureJob.build(env, config);
    captureJob = cluster.submit(env, "lockstep-capture-" + config.name());
    return captureJob;
  }

  public JobID startApply() throws Exception {
    StreamExecutionEnvironment env = environment();
    ApplyJob.build(env, config);
    applyJob = cluster.submit(env, "lockstep-apply-" + config.name());
    return applyJob;
  }

  private StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env =
        new StreamExecutionEnvironment(JobEnvironment.flinkConfiguration(config));
    JobEnvironment.configure(env, config);
    return env;
  }

  public JobID captureJob() {
    return captureJob;
  }

  public JobID applyJob() {
    return applyJob;
  }

  public PipelineConfig config() {
    return config;
  }
}

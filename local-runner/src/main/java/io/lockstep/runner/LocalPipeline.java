package io.lockstep.runner;

import io.lockstep.apply.ApplyJob;
import io.lockstep.capture.CaptureJob;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.preflight.Preflight;
import io.lockstep.runner.embedded.LocalFlinkCluster;
import io.lockstep.runtime.JobEnvironment;
import io.lockstep.verify.VerifierJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The capture, apply and verify jobs of one pipeline, running on a local Flink cluster. */
public final class LocalPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  private final LocalFlinkCluster cluster;
  private final PipelineConfig config;
  private JobID captureJob;
  private JobID applyJob;
  private JobID verifyJob;

  public LocalPipeline(LocalFlinkCluster cluster, PipelineConfig config) {
    this.cluster = cluster;
    this.config = config;
  }

  /**
   * Checks the source and target (see {@link Preflight}), then starts the replication: capture and
   * apply. The verifier is started on request ({@link #start(Set)}, {@link #startVerify}).
   */
  public LocalPipeline start() throws Exception {
    return start(EnumSet.of(PipelineJob.CAPTURE, PipelineJob.APPLY));
  }

  /**
   * Starts some of the jobs, after checking what they read and write: the apply job alone needs
   * only the target, since its changes come from Kafka.
   */
  public LocalPipeline start(Set<PipelineJob> jobs) throws Exception {
    if (jobs.contains(PipelineJob.CAPTURE)) {
      Preflight.check(config);
      captureJob = startCapture();
    } else {
      Preflight.checkTargetOnly(config);
    }
    if (jobs.contains(PipelineJob.APPLY)) {
      applyJob = startApply();
    }
    if (jobs.contains(PipelineJob.VERIFY)) {
      verifyJob = startVerify();
    }
    return this;
  }

  public JobID startCapture() throws Exception {
    JobID id = RetainedCheckpoints.stableJobId(config.name(), "capture");
    StreamExecutionEnvironment env = environment(id);
    CaptureJob.build(env, config);
    captureJob = cluster.submit(env, "lockstep-capture-" + config.name(), durableId(id));
    return captureJob;
  }

  public JobID startApply() throws Exception {
    JobID id = RetainedCheckpoints.stableJobId(config.name(), "apply", config.applyConsumerGroup());
    StreamExecutionEnvironment env = environment(id);
    ApplyJob.build(env, config);
    applyJob = cluster.submit(env, "lockstep-apply-" + config.name(), durableId(id));
    return applyJob;
  }

  public JobID startVerify() throws Exception {
    JobID id =
        RetainedCheckpoints.stableJobId(config.name(), "verify", config.verifyConsumerGroup());
    StreamExecutionEnvironment env = environment(id);
    VerifierJob.build(env, config);
    verifyJob = cluster.submit(env, "lockstep-verify-" + config.name(), durableId(id));
    return verifyJob;
  }

  /**
   * With durable checkpoints, a job keeps its id across process restarts and resumes from its
   * newest retained checkpoint; without, it starts afresh under a new id.
   */
  private StreamExecutionEnvironment environment(JobID stableId) throws Exception {
    Configuration flink = JobEnvironment.flinkConfiguration(config);
    Optional<String> directory = config.getOptional(PipelineOptions.CHECKPOINT_DIRECTORY);
    if (directory.isEmpty()) {
      // Without a directory Flink keeps checkpoints in the JobManager's memory, at most 5 MB of
      // state per task: a verifier holding a backlog's rows outgrew it (the benchmark's verify
      // suite), its checkpoints failed, and its Kafka offsets were never committed. A temporary
      // directory has no such limit; it is not kept for a restart, as before.
      flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      flink.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          Files.createTempDirectory("lockstep-checkpoints-" + config.name()).toUri().toString());
    } else {
      Optional<Path> latest = RetainedCheckpoints.latest(directory.get(), stableId);
      if (latest.isPresent()) {
        LOG.info("Job {} resumes from retained checkpoint {}", stableId, latest.get());
        flink.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.get().toUri().toString());
      }
    }
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(flink);
    JobEnvironment.configure(env, config);
    return env;
  }

  private JobID durableId(JobID stableId) {
    return config.getOptional(PipelineOptions.CHECKPOINT_DIRECTORY).isPresent() ? stableId : null;
  }

  public JobID captureJob() {
    return captureJob;
  }

  public JobID applyJob() {
    return applyJob;
  }

  public JobID verifyJob() {
    return verifyJob;
  }

  public PipelineConfig config() {
    return config;
  }
}

package io.lockstep.runtime;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.PipelineOptions;
import io.lockstep.config.StateBackendType;
import io.lockstep.preflight.Preflight;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink settings every Lockstep job runs with. */
public final class JobEnvironment {

  /** Flink's RocksDB option, by key: its class is in the RocksDB module, which jobs do not need. */
  private static final ConfigOption<String> ROCKSDB_TIMER_SERVICE =
      ConfigOptions.key("state.backend.rocksdb.timer-service.factory")
          .stringType()
          .noDefaultValue();

  private static final ConfigOption<Boolean> ROCKSDB_BLOOM_FILTER =
      ConfigOptions.key("state.backend.rocksdb.use-bloom-filter").booleanType().noDefaultValue();

  private JobEnvironment() {}

  /** A job environment configured for {@code config}: checkpoints, restarts. */
  public static StreamExecutionEnvironment create(PipelineConfig config) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    configure(env, config);
    return env;
  }

  public static Configuration flinkConfiguration(PipelineConfig config) {
    Configuration flink = new Configuration();
    // Restart without limit: a replication daemon waits for its databases to come back.
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    flink.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        Duration.ofMillis(500));
    flink.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
        Duration.ofSeconds(30));
    flink.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    if (config.get(PipelineOptions.STATE_BACKEND) == StateBackendType.ROCKSDB) {
      flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      // Each checkpoint uploads only the files RocksDB wrote since the last one.
      flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
      // Timers on the heap: the verifier sets one per pending row, and RocksDB timers cost a
      // write and a seek each (the verify benchmark). A timer is a key and a time, so even a
      // million pending rows keep their timers in tens of megabytes.
      flink.set(ROCKSDB_TIMER_SERVICE, "HEAP");
      // Most changes the verifier reads are of rows with nothing pending: a bloom filter answers
      // those reads without touching RocksDB's files.
      flink.set(ROCKSDB_BLOOM_FILTER, true);
    }
    config
        .getOptional(PipelineOptions.CHECKPOINT_DIRECTORY)
        .ifPresent(
            dir -> {
              flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
              // Keep the newest checkpoints when the job stops, so a restarted process resumes.
              flink.set(
                  CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                  ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
              flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
            });
    return flink;
  }

  public static void configure(StreamExecutionEnvironment env, PipelineConfig config) {
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    env.getCheckpointConfig()
        .setMinPauseBetweenCheckpoints(Math.min(500, config.checkpointInterval().toMillis() / 2));
    // A checkpoint that cannot complete while the target is down is not a reason to restart.
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
    // A partly filled network buffer is sent after this long (Flink's default is 100 ms, paid at
    // each shuffle on the way to the target); under load buffers fill first.
    env.setBufferTimeout(20);
  }

  /**
   * A job's {@code main}: loads the pipeline file named by {@code --config} (or passed whole by
   * {@code --config-yaml}, see {@link PipelineArguments}), checks source and target, builds the job
   * with {@code build} and runs it as {@code lockstep-<kind>-<pipeline>}.
   */
  public static void run(
      String[] args, String kind, BiConsumer<StreamExecutionEnvironment, PipelineConfig> build)
      throws Exception {
    PipelineConfig config =
        PipelineArguments.load(args, PipelineConfigLoader.fromSystemEnvironment());
    registerJdbcDrivers();
    Preflight.check(config);
    StreamExecutionEnvironment env = create(config);
    build.accept(env, config);
    env.execute("lockstep-" + kind + "-" + config.name());
  }

  /**
   * Registers the JDBC drivers that came with the job. On a session cluster they are in the job
   * jar, loaded by a user-code class loader per submission, and {@link DriverManager} only hands a
   * caller the drivers its own class loader registered: its one-time scan of the class path saw
   * none, or those of an earlier job, and Preflight's first connection failed with "No suitable
   * driver" (found by lockstep submit's integration test). Tasks on the TaskManagers call it too,
   * before their first connection.
   */
  public static void registerJdbcDrivers() {
    // Instantiating each provider runs its class's static initialiser, which registers it.
    ServiceLoader.load(Driver.class, JobEnvironment.class.getClassLoader()).forEach(driver -> {});
  }

  /** The pipeline file named by {@code --config FILE} in a job's arguments. */
  public static Path configPath(String[] args) {
    return PipelineArguments.configPath(args);
  }
}

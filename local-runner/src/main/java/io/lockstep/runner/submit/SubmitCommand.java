package io.lockstep.runner.submit;

import io.lockstep.apply.ApplyJob;
import io.lockstep.capture.CaptureJob;
import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineConfigLoader;
import io.lockstep.config.ProblemsException;
import io.lockstep.flinkrest.FlinkRestClient;
import io.lockstep.runner.PipelineJob;
import io.lockstep.runtime.PipelineArguments;
import io.lockstep.verify.VerifierJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep submit --config FILE --jobmanager URL}: the jobs of a pipeline on a Flink session
 * cluster, through its REST API. The pipeline file travels as the jobs' {@code --config-yaml}
 * argument; the secrets it names are read from the environment of the cluster's processes.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits the jobs of a pipeline to a Flink session cluster through its REST API: uploads"
          + " the job jar (job-jar/target/lockstep-jobs.jar) and runs capture, apply and verify as"
          + " lockstep-<job>-<pipeline>.",
      "The pipeline file is passed to the jobs as text; the secrets it names (*-env) must be set"
          + " in the environment of the JobManager and TaskManagers. Refuses a job whose name is"
          + " already running unless --allow-duplicate. See docs/submit.md."
    })
public final class SubmitCommand implements Callable<Integer> {

  /** The job jar that {@code mvn package -pl job-jar -am} builds, relative to the repository. */
  static final Path DEFAULT_JAR = Path.of("job-jar", "target", "lockstep-jobs.jar");

  @Option(names = "--config", required = true, description = "The pipeline file (YAML).")
  Path config;

  @Option(
      names = "--jobmanager",
      required = true,
      description = "REST address of the session cluster's JobManager, e.g. http://localhost:8081.")
  String jobManager;

  @Option(
      names = "--jobs",
      split = ",",
      defaultValue = "capture,apply,verify",
      description = "Which jobs to submit, comma-separated (default: ${DEFAULT-VALUE}).")
  Set<String> jobs;

  @Option(
      names = "--jar",
      description =
          "The shaded job jar (default: job-jar/target/lockstep-jobs.jar of this checkout).")
  Path jar;

  @Option(
      names = "--savepoint",
      paramLabel = "[JOB=]PATH",
      description =
          "Start from this savepoint (from flink stop --savepointPath). With several jobs, name"
              + " the job: --savepoint capture=s3://.../savepoint-1 --savepoint apply=...")
  List<String> savepoints = new ArrayList<>();

  @Option(names = "--parallelism", description = "Default parallelism of the jobs.")
  Integer parallelism;

  @Option(
      names = "--allow-duplicate",
      description = "Submit even when a job of the same name is already running.")
  boolean allowDuplicate;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Set<PipelineJob> selected = selectedJobs();
      Map<PipelineJob, String> savepointPaths = savepointPaths(selected);
      String yaml = readPipelineFile();
      PipelineConfig pipeline = validate(yaml);
      Path jobJar = jobJar();
      JobManager flink = new JobManager(jobManagerUri());

      refuseRunningDuplicates(flink, pipeline, selected);
      String jarId = flink.upload(jobJar);
      out.printf("Uploaded %s to %s as %s%n", jobJar, jobManager, jarId);
      List<String> started = new ArrayList<>();
      try {
        for (PipelineJob job : selected) {
          String name = jobName(job, pipeline);
          String id;
          try {
            id =
                flink.run(
                    jarId,
                    new FlinkRestClient.RunJar(
                        entryClass(job),
                        List.of(PipelineArguments.CONFIG_YAML, yaml),
                        savepointPaths.get(job),
                        parallelism));
          } catch (SubmitException e) {
            throw new SubmitException(
                name
                    + " was not started: "
                    + e.getMessage()
                    + (started.isEmpty() ? "" : "\nAlready started: " + String.join(", ", started)),
                e);
          }
          started.add(name + " (" + id + ")");
          out.printf("%-8s %s  job %s%n", kind(job), name, id);
        }
      } finally {
        // Best effort: a jar left behind only takes disk space on the JobManager.
        try {
          flink.delete(jarId);
        } catch (SubmitException e) {
          err.println(
              "lockstep submit: warning: could not delete the uploaded jar: " + e.getMessage());
        }
      }
      out.printf(
          "Submitted %d job(s) of pipeline %s; watch them at %s%n",
          started.size(), pipeline.name(), jobManager);
      out.flush();
      return 0;
    } catch (SubmitException e) {
      err.println("lockstep submit: " + e.getMessage());
      err.flush();
      return 1;
    } catch (ProblemsException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
  }

  private String readPipelineFile() throws SubmitException {
    try {
      return Files.readString(config);
    } catch (IOException e) {
      throw new SubmitException(
          "cannot read the pipeline file "
              + config
              + " ("
              + e
              + "); check the path given to --config");
    }
  }

  /**
   * The loader and checks {@code lockstep run} uses, without reading the secrets: they are read on
   * the cluster, from its environment or mounted files, and need not exist where {@code submit}
   * runs.
   */
  private PipelineConfig validate(String yaml) {
    return PipelineConfigLoader.readingSecretsElsewhere().parse(yaml, config.toString());
  }

  private void refuseRunningDuplicates(
      JobManager flink, PipelineConfig pipeline, Set<PipelineJob> selected) throws SubmitException {
    Set<String> names = new LinkedHashSet<>();
    selected.forEach(job -> names.add(jobName(job, pipeline)));
    List<FlinkRestClient.JobOverview> running =
        flink.jobs().stream().filter(j -> j.active() && names.contains(j.name())).toList();
    if (running.isEmpty() || allowDuplicate) {
      return;
    }
    StringBuilder message =
        new StringBuilder("jobs of pipeline ")
            .append(pipeline.name())
            .append(" are already running on ")
            .append(jobManager)
            .append(":\n");
    running.forEach(
        j ->
            message
                .append("  ")
                .append(j.name())
                .append("  ")
                .append(j.id())
                .append("  ")
                .append(j.state())
                .append('\n'));
    message.append(
        "Two copies would write the same target and share consumer groups. To upgrade, stop them"
            + " with a savepoint (flink stop --savepointPath <dir> <job id>) and submit again"
            + " with --savepoint; to run a second copy anyway, add --allow-duplicate.");
    throw new SubmitException(message.toString());
  }

  private Set<PipelineJob> selectedJobs() throws SubmitException {
    Set<PipelineJob> selected = EnumSet.noneOf(PipelineJob.class);
    for (String job : jobs) {
      selected.add(parseJob(job, "--jobs"));
    }
    if (selected.isEmpty()) {
      throw new SubmitException("--jobs: name at least one job (capture, apply, verify)");
    }
    return selected;
  }

  private Map<PipelineJob, String> savepointPaths(Set<PipelineJob> selected)
      throws SubmitException {
    Map<PipelineJob, String> paths = new EnumMap<>(PipelineJob.class);
    for (String savepoint : savepoints) {
      int equals = savepoint.indexOf('=');
      String prefix = equals > 0 ? savepoint.substring(0, equals) : "";
      if (!prefix.isEmpty() && !prefix.contains("/") && !prefix.contains(":")) {
        PipelineJob job = parseJob(prefix, "--savepoint");
        if (!selected.contains(job)) {
          throw new SubmitException(
              "--savepoint " + savepoint + ": the " + kind(job) + " job is not in --jobs");
        }
        paths.put(job, savepoint.substring(equals + 1));
      } else if (selected.size() == 1) {
        paths.put(selected.iterator().next(), savepoint);
      } else {
        throw new SubmitException(
            "--savepoint "
                + savepoint
                + ": each job has its own savepoint; name the job (--savepoint capture=PATH) or"
                + " submit one job (--jobs capture)");
      }
    }
    return paths;
  }

  private Path jobJar() throws SubmitException {
    Path path = jar != null ? jar : defaultJar();
    if (!Files.isRegularFile(path)) {
      throw new SubmitException(
          "no job jar at "
              + path
              + ". Build it with: mvn -B package -DskipTests -pl job-jar -am (it is"
              + " job-jar/target/lockstep-jobs.jar), or name one with --jar");
    }
    return path;
  }

  /** The repository's job jar: this class runs from local-runner/target, next to job-jar/. */
  private static Path defaultJar() {
    try {
      Path location =
          Path.of(SubmitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // local-runner/target/lockstep-local-runner.jar or local-runner/target/classes
      Path repository = location.getParent().getParent().getParent();
      Path candidate = repository.resolve(DEFAULT_JAR);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // No usable code source (a test, an unusual launcher): fall back to the working directory.
    }
    return DEFAULT_JAR.toAbsolutePath();
  }

  private URI jobManagerUri() throws SubmitException {
    try {
      URI uri = new URI(jobManager);
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new URISyntaxException(jobManager, "not an http(s) address with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new SubmitException(
          "--jobmanager "
              + jobManager
              + ": expected the REST address of the JobManager, e.g. http://flink-jobmanager:8081");
    }
  }

  private static PipelineJob parseJob(String name, String option) throws SubmitException {
    try {
      return PipelineJob.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SubmitException(
          option + ": unknown job '" + name + "'; the jobs are capture, apply and verify");
    }
  }

  static String entryClass(PipelineJob job) {
    return switch (job) {
      case CAPTURE -> CaptureJob.class.getName();
      case APPLY -> ApplyJob.class.getName();
      case VERIFY -> VerifierJob.class.getName();
    };
  }

  /** The name the job's main gives it (JobEnvironment.run): lockstep-<kind>-<pipeline>. */
  static String jobName(PipelineJob job, PipelineConfig pipeline) {
    return "lockstep-" + kind(job) + "-" + pipeline.name();
  }

  private static String kind(PipelineJob job) {
    return job.name().toLowerCase(Locale.ROOT);
  }
}

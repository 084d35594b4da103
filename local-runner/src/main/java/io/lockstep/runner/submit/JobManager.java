package io.lockstep.runner.submit;

import io.lockstep.flinkrest.FlinkRestClient;
import io.lockstep.flinkrest.FlinkRestException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The session cluster {@code lockstep submit} talks to, through {@link FlinkRestClient}: every
 * failure becomes a {@link SubmitException} that names the JobManager and what to check.
 */
final class JobManager {

  private final URI base;
  private final FlinkRestClient flink;

  JobManager(URI base) {
    this.base = base;
    this.flink = new FlinkRestClient(base, Duration.ofSeconds(10), null);
  }

  List<FlinkRestClient.JobOverview> jobs() throws SubmitException {
    try {
      return flink.jobs();
    } catch (IOException e) {
      throw failure(e, "list the jobs");
    } catch (InterruptedException e) {
      throw interrupted(e, "list the jobs");
    }
  }

  /** Uploads {@code jar}; returns the id the cluster gave it. */
  String upload(Path jar) throws SubmitException {
    String what = "upload the job jar " + jar;
    try {
      return flink.uploadJar(jar);
    } catch (FlinkRestException e) {
      throw failure(e, what);
    } catch (IOException e) {
      throw new SubmitException("cannot read the job jar " + jar + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(e, what);
    }
  }

  /** Runs the entry class of an uploaded jar; returns the new job's id. */
  String run(String jarId, FlinkRestClient.RunJar run) throws SubmitException {
    String what = "run " + run.entryClass();
    try {
      return flink.runJar(jarId, run);
    } catch (IOException e) {
      throw failure(e, what);
    } catch (InterruptedException e) {
      throw interrupted(e, what);
    }
  }

  /** Removes an uploaded jar; the jobs keep their own copy in the cluster's blob store. */
  void delete(String jarId) throws SubmitException {
    String what = "delete the uploaded jar";
    try {
      flink.deleteJar(jarId);
    } catch (IOException e) {
      throw failure(e, what);
    } catch (InterruptedException e) {
      throw interrupted(e, what);
    }
  }

  private SubmitException interrupted(InterruptedException e, String what) {
    Thread.currentThread().interrupt();
    return new SubmitException("interrupted while waiting for " + base + " to " + what, e);
  }

  private SubmitException failure(IOException e, String what) {
    if (!(e instanceof FlinkRestException rest) || !rest.answered()) {
      IOException cause = e.getCause() instanceof IOException io ? io : e;
      return new SubmitException(
          "cannot reach the Flink JobManager at "
              + base
              + " to "
              + what
              + " ("
              + FlinkRestClient.describe(cause)
              + "). Check --jobmanager: it is the REST address of the session cluster, the one its"
              + " web UI answers on (port 8081 by default); from outside Kubernetes, forward it"
              + " first, e.g. kubectl port-forward svc/<cluster>-rest 8081.",
          e);
    }
    if (rest.status() / 100 == 2) {
      return new SubmitException(
          "the JobManager at " + base + " could not " + what + ": " + rest.getMessage(), e);
    }
    return new SubmitException(
        "the JobManager at "
            + base
            + " refused to "
            + what
            + " (HTTP "
            + rest.status()
            + "):\n"
            + RestErrors.summary(FlinkRestClient.parse(rest.body()), rest.body()),
        e);
  }
}

package io.lockstep.runner;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;

/**
 * Finds where a local job resumes after its process died: the newest complete checkpoint Flink
 * retained under {@code <checkpoint.directory>/<job id>/chk-N}. A checkpoint is complete once Flink
 * has written its {@code _metadata} file, which it does last.
 */
public final class RetainedCheckpoints {

  private RetainedCheckpoints() {}

  /** A job id that stays the same across restarts of one pipeline's job of one kind. */
  public static JobID stableJobId(String... parts) {
    UUID uuid = UUID.nameUUIDFromBytes(String.join("/", parts).getBytes());
    return new JobID(uuid.getLeastSignificantBits(), uuid.getMostSignificantBits());
  }

  /** The newest complete checkpoint of {@code job}, for local ({@code file:}) directories. */
  public static Optional<Path> latest(String checkpointDirectory, JobID job) throws IOException {
    URI uri = URI.create(checkpointDirectory);
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
      return Optional.empty();
    }
    Path jobDirectory =
        (uri.getScheme() == null ? Path.of(checkpointDirectory) : Path.of(uri))
            .resolve(job.toHexString());
    if (!Files.isDirectory(jobDirectory)) {
      return Optional.empty();
    }
    try (Stream<Path> children = Files.list(jobDirectory)) {
      return children
          .filter(p -> p.getFileName().toString().matches("chk-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .max(Comparator.comparingLong(RetainedCheckpoints::number));
    }
  }

  private static long number(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
  }
}

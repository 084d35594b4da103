package io.lockstep.flinkrest;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The {@code multipart/form-data} body of {@code POST /jars/upload}: one part, {@code jarfile},
 * streamed from disk rather than read into memory (the job jar is tens of megabytes).
 */
final class JarUpload {

  private final String boundary = "lockstep-" + UUID.randomUUID();
  private final Path jar;

  JarUpload(Path jar) {
    this.jar = jar;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  BodyPublisher body() throws FileNotFoundException {
    // Flink keeps the part's file name; it must end in .jar for the run handler to accept it.
    String head =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\n"
            + "Content-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    return BodyPublishers.concat(
        BodyPublishers.ofString(head, StandardCharsets.UTF_8),
        BodyPublishers.ofFile(jar),
        BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
  }
}

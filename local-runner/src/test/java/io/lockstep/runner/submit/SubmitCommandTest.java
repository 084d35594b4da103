package io.lockstep.runner.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code submit} refuses before it talks to a cluster. */
class SubmitCommandTest {

  private static final String PIPELINE =
      """
      pipeline.name: shop
      source.host: db.example
      source.database: shop
      source.user: capture
      source.password-env: NOT_SET_HERE
      source.tables: ['shop\\\\.orders']
      target.host: target.example
      target.database: shop
      target.user: apply
      target.password-env: NOT_SET_EITHER
      kafka.bootstrap-servers: kafka:9092
      """;

  @TempDir Path dir;
  private Path pipeline;
  private Path jar;

  @BeforeEach
  void files() throws Exception {
    pipeline = Files.writeString(dir.resolve("shop.yaml"), PIPELINE);
    jar = Files.write(dir.resolve("lockstep-jobs.jar"), new byte[] {0});
  }

  @Test
  void unknownJobIsNamed() {
    Result r = submit("--jobs", "capture,replay");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("unknown job 'replay'");
  }

  @Test
  void aSavepointMustNameItsJobWhenSeveralAreSubmitted() {
    Result r = submit("--savepoint", "s3://bucket/savepoint-1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("name the job (--savepoint capture=PATH)");
  }

  @Test
  void invalidPipelineFileIsReportedLikeRun() throws Exception {
    Files.writeString(pipeline, PIPELINE.replace("kafka.", "kafak."));
    Result r = submit();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("kafak.bootstrap-servers");
  }

  @Test
  void secretsNeedNotBeSetWhereSubmitRuns() {
    // Passes validation (the variables are unset here) and only fails at the missing cluster.
    Result r = submitTo("flink-jobmanager:8081");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("NOT_SET_HERE").contains("expected the REST address");
  }

  @Test
  void secretFilesNeedNotExistWhereSubmitRuns() throws Exception {
    Files.writeString(
        pipeline,
        PIPELINE.replace(
            "source.password-env: NOT_SET_HERE",
            "source.password-file: /var/run/secrets/lockstep/source-password"));
    Result r = submitTo("flink-jobmanager:8081");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .doesNotContain("source.password-file")
        .contains("expected the REST address");
  }

  @Test
  void missingJarSaysHowToBuildIt() throws Exception {
    Files.delete(jar);
    Result r = submit();
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no job jar at " + jar).contains("-pl job-jar");
  }

  @Test
  void restErrorsKeepMessagesAndDropStackFrames() throws Exception {
    String body =
        """
        {"errors":["org.apache.flink.runtime.rest.handler.RestHandlerException: Could not run.",
        "<Exception on server side:\\nProgramInvocationException: The main method caused an error: \
        Pipeline 'shop' cannot start (1 problem):\\n  - target: cannot connect\\n\\tat \
        org.apache.flink.client.Foo.bar(Foo.java:1)\\n\\t... 12 more\\n>"]}
        """;
    String summary = RestErrors.summary(new ObjectMapper().readTree(body), body);
    assertThat(summary)
        .contains("Could not run.", "The main method caused an error", "- target: cannot connect")
        .doesNotContain("Foo.java", "12 more");
  }

  private record Result(int code, String err) {}

  private Result submit(String... extra) {
    return submitTo("http://localhost:1", extra);
  }

  private Result submitTo(String jobManager, String... extra) {
    String[] base = {
      "--config", pipeline.toString(), "--jobmanager", jobManager, "--jar", jar.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new SubmitCommand())
            .setOut(new PrintWriter(new StringWriter(), true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(code, err.toString());
  }
}

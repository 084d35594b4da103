package io.lockstep.recovery.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.support.TestPipelines;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A source that does not answer, on a real port where nothing listens. */
class SourceUnavailableTest {

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theMessageNamesTheDatabaseAndWhereItIsButNotTheUrlOrTheUser() throws Exception {
    int port = closedPort();
    PipelineConfig pipeline = TestPipelines.postgres(port, "shopdb", "localhost:9092");
    SourceCatalogTables tables =
        new SourceCatalogTables(pipeline, new PipelineConnections(pipeline));

    SourceUnavailableException e =
        catchThrowableOfType(SourceUnavailableException.class, tables::names);

    assertThat(e.getMessage())
        .isEqualTo(
            "Source database 'shopdb' on localhost:"
                + port
                + " is unreachable (reading its catalog; SQLSTATE 08001).");
    assertThat(e.getMessage()).doesNotContain("jdbc:").doesNotContain("postgres");
  }
}

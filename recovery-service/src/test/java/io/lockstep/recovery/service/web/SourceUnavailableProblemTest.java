package io.lockstep.recovery.service.web;

import static io.lockstep.recovery.service.support.TestTokens.VIEWER;
import static io.lockstep.recovery.service.support.TestTokens.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.pipeline.KnownTables;
import io.lockstep.recovery.service.pipeline.PipelineConnections;
import io.lockstep.recovery.service.pipeline.SourceCatalogTables;
import io.lockstep.recovery.service.support.TestPipelines;
import java.net.ServerSocket;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;

/**
 * The 503 a viewer gets when the source does not answer, from the real catalog reader against a
 * port where nothing listens: it names the database, not its JDBC URL or the user.
 */
@Import(SourceUnavailableProblemTest.UnreachableSource.class)
class SourceUnavailableProblemTest extends ApiSliceTest {

  private static final int PORT = closedPort();

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TestConfiguration
  static class UnreachableSource {
    @Bean
    @Primary
    KnownTables unreachableSourceTables() {
      PipelineConfig pipeline = TestPipelines.postgres(PORT, "shopdb", "localhost:9092");
      return new SourceCatalogTables(pipeline, new PipelineConnections(pipeline));
    }
  }

  @Test
  void a503NamesTheDatabaseNotItsUrl() throws Exception {
    mvc.perform(
            get("/api/v1/items")
                .param("table", "shop.customers")
                .header("Authorization", bearer(VIEWER)))
        .andExpect(status().isServiceUnavailable())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Database unavailable"))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "Source database 'shopdb' on localhost:"
                        + PORT
                        + " is unreachable (reading its catalog; SQLSTATE 08001). Try again once"
                        + " it answers."))
        .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("jdbc:"))))
        .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("postgres"))));
  }
}

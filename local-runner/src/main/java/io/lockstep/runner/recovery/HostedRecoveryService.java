package io.lockstep.runner.recovery;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.RecoveryService;
import io.lockstep.recovery.service.security.ApiTokens;
import io.lockstep.runner.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recovery service inside the local runner's JVM, next to Flink and Kafka, with its store on an
 * embedded PostgreSQL server of its own (in production it has its own database too). It gets one
 * operator token, made for this run and printed for the demo; the service only holds its hash.
 */
public final class HostedRecoveryService implements AutoCloseable {

  private final EmbeddedPostgresServer store;
  private final RecoveryService service;
  private final String token;

  private HostedRecoveryService(
      EmbeddedPostgresServer store, RecoveryService service, String token) {
    this.store = store;
    this.service = service;
    this.token = token;
  }

  /**
   * Starts the service for {@code pipeline}.
   *
   * @param port the API's port; 0 picks a free one
   * @param flinkRest the Flink REST address the status endpoint reads
   * @param retryDelay tier 1's delay from a failed row's or discrepancy's arrival to its re-sync;
   *     null turns automatic retries off (items are still stored and can be retried through the
   *     API)
   */
  public static HostedRecoveryService start(
      PipelineConfig pipeline, int port, URI flinkRest, Duration retryDelay) throws IOException {
    EmbeddedPostgresServer store = EmbeddedPostgresServer.start("recovery-store");
    try {
      String token = ApiTokens.newToken();
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("server.port", port);
      properties.put("server.address", "127.0.0.1");
      properties.put(
          "spring.datasource.url",
          "jdbc:postgresql://localhost:" + store.port() + "/" + store.database());
      properties.put("spring.datasource.username", store.user());
      properties.put("lockstep.flink.rest-url", flinkRest.toString());
      properties.put("lockstep.api.tokens", "quickstart:operator:sha256:" + ApiTokens.hash(token));
      properties.put("lockstep.retry.enabled", retryDelay != null);
      if (retryDelay != null) {
        properties.put("lockstep.retry.delay", retryDelay.toMillis() + "ms");
        properties.put("lockstep.retry.poll-interval", "1s");
        properties.put("lockstep.retry.max-backoff", "30s");
      }
      RecoveryService service = RecoveryService.start(pipeline, properties);
      return new HostedRecoveryService(store, service, token);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The admin API's base address, e.g. {@code http://localhost:8090/api/v1}. */
  public String apiAddress() {
    return service.apiAddress();
  }

  /** The operator token of this run. */
  public String token() {
    return token;
  }

  /** The service itself, for tests and the quickstart's report. */
  public RecoveryService service() {
    return service;
  }

  @Override
  public void close() throws IOException {
    try {
      service.close();
    } finally {
      store.close();
    }
  }
}

package io.lockstep.recovery.service.web;

import io.lockstep.config.PipelineConfig;
import io.lockstep.recovery.service.audit.AuditConfiguration;
import io.lockstep.recovery.service.cutover.SequenceSync;
import io.lockstep.recovery.service.item.ItemRepository;
import io.lockstep.recovery.service.pipeline.KnownTables;
import io.lockstep.recovery.service.reconcile.ReconcileRuns;
import io.lockstep.recovery.service.reconcile.ReconcileScheduler;
import io.lockstep.recovery.service.resnapshot.SnapshotSignals;
import io.lockstep.recovery.service.retry.RetryNow;
import io.lockstep.recovery.service.security.SecurityConfig;
import io.lockstep.recovery.service.status.FlinkJobs;
import io.lockstep.recovery.service.status.PipelineLag;
import io.lockstep.recovery.service.support.FakeKnownTables;
import io.lockstep.recovery.service.support.InMemoryAuditLog;
import io.lockstep.recovery.service.support.TestPipelines;
import io.lockstep.recovery.service.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The API's controllers with the real security and audit configuration; the store and the
 * pipeline's databases are replaced by mocks and in-memory fakes.
 */
@WebMvcTest
@Import({
  SecurityConfig.class,
  AuditConfiguration.class,
  RequestChecks.class,
  ApiSliceTest.Fakes.class
})
public abstract class ApiSliceTest {

  @Autowired protected MockMvc mvc;
  @Autowired protected InMemoryAuditLog audit;
  @Autowired protected MeterRegistry meters;

  @MockitoBean protected ItemRepository items;
  @MockitoBean protected RetryNow retryNow;
  @MockitoBean protected ReconcileRuns runs;
  @MockitoBean protected ReconcileScheduler scheduler;
  @MockitoBean protected FlinkJobs flink;
  @MockitoBean protected PipelineLag lag;
  @MockitoBean protected SequenceSync sequences;
  @MockitoBean protected SnapshotSignals signals;

  @DynamicPropertySource
  protected static void tokens(DynamicPropertyRegistry registry) {
    registry.add("lockstep.api.tokens", () -> TestTokens.PROPERTY);
  }

  @BeforeEach
  protected void clearAudit() {
    audit.clear();
  }

  @TestConfiguration
  static class Fakes {
    @Bean
    InMemoryAuditLog auditLog() {
      return new InMemoryAuditLog();
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    KnownTables knownTables() {
      return new FakeKnownTables();
    }

    @Bean
    PipelineConfig pipelineConfig() {
      return TestPipelines.postgres(5432, "shop", "localhost:9092");
    }
  }
}

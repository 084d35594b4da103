package io.lockstep.it.schema;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.it.fixture.Tables;
import io.lockstep.runner.LocalPipeline;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.runner.quickstart.QuickstartConfig;
import io.lockstep.types.Engine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A MariaDB/MySQL source table created while the pipeline runs: the binlog carries every table, so
 * one that matches source.tables is captured from its first row, with no publication to extend.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MariaDbNewTableIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.MARIADB);

  @Test
  void tableCreatedWhileRunningIsCapturedFromItsFirstRow() throws Exception {
    EmbeddedStack stack = STACK.stack();
    String ddl = "CREATE TABLE lockstep.first (id integer PRIMARY KEY, v varchar(20))";
    Tables.execute(stack.source(), ddl);
    Tables.execute(stack.target(), ddl);
    PipelineConfig config =
        QuickstartConfig.of(stack, "grow", "")
            .with(PipelineOptions.SOURCE_TABLES, List.of("lockstep\\.(first|late)"));
    new LocalPipeline(stack.flink(), config).start();
    Tables.execute(stack.source(), "INSERT INTO lockstep.first VALUES (1, 'a')");
    Tables.awaitTargetEqualsSource(
        stack.source(), stack.target(), "lockstep", List.of("first"), Duration.ofMinutes(2));

    String late = "CREATE TABLE lockstep.late (id integer PRIMARY KEY, v varchar(20))";
    Tables.execute(stack.target(), late);
    Tables.execute(
        stack.source(),
        late,
        "INSERT INTO lockstep.late VALUES (1, 'one'), (2, 'two'), (3, 'three')",
        "UPDATE lockstep.late SET v = 'changed' WHERE id = 2",
        "DELETE FROM lockstep.late WHERE id = 3",
        "INSERT INTO lockstep.first VALUES (2, 'b')");
    Tables.awaitTargetEqualsSource(
        stack.source(),
        stack.target(),
        "lockstep",
        List.of("first", "late"),
        Duration.ofMinutes(2));
  }
}

package io.lockstep.runner.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.runner.schema.SchemaBootstrap.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of a migration each run of {@code lockstep schema} takes. */
class SchemaCommandTest {

  @Test
  void everythingByDefaultAndWhatIsDeferredAfterTheLoad() {
    SchemaCommand command = new SchemaCommand();
    assertThat(command.steps()).containsExactly(Step.TABLES, Step.INDEXES, Step.FOREIGN_KEYS);
    command.defer = List.of("indexes", "foreign-keys");
    assertThat(command.steps()).containsExactly(Step.TABLES);
    command.defer = List.of();
    command.postLoad = true;
    assertThat(command.steps()).containsExactly(Step.INDEXES, Step.FOREIGN_KEYS);
    command.postLoad = false;
    command.validateForeignKeys = true;
    assertThat(command.steps()).containsExactly(Step.VALIDATE_FOREIGN_KEYS);
  }

  @Test
  void anUnknownWordIsRefused() {
    SchemaCommand command = new SchemaCommand();
    command.defer = List.of("checks");
    assertThatThrownBy(command::steps).hasMessageContaining("'checks'");
  }
}

package io.lockstep.it.resilience;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSourceRestartBeforeCheckpointIT extends SourceRestartBeforeCheckpointIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @Override
  EmbeddedStackExtension stackExtension() {
    return STACK;
  }
}

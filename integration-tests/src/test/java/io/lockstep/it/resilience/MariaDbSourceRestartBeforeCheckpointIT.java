package io.lockstep.it.resilience;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbSourceRestartBeforeCheckpointIT extends SourceRestartBeforeCheckpointIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.POSTGRES);

  @Override
  EmbeddedStackExtension stackExtension() {
    return STACK;
  }
}

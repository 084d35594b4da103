package io.lockstep.it.recovery;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Force-sync on the mariadb to postgres route (see {@link ForceSyncIT}). */
class MariaDbToPostgresForceSyncIT extends ForceSyncIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.POSTGRES);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }
}

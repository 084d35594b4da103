package io.lockstep.it.schema;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generated columns, MariaDB to MariaDB. */
class MariaDbGeneratedColumnsIT extends GeneratedColumnsIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.MARIADB);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }
}

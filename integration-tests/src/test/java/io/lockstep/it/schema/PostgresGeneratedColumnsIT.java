package io.lockstep.it.schema;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generated columns, PostgreSQL to PostgreSQL. */
class PostgresGeneratedColumnsIT extends GeneratedColumnsIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.POSTGRES, Engine.POSTGRES);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }
}

package io.lockstep.it.schema;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target foreign keys and a unique-keyed target, PostgreSQL to PostgreSQL. */
class PostgresTargetConstraintsIT extends TargetConstraintsIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.POSTGRES, Engine.POSTGRES);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }

  /** Updates and deletes of a table without primary key carry the unique key's old values. */
  @Override
  List<String> keylessTableSetup() {
    return List.of("ALTER TABLE shop.events REPLICA IDENTITY USING INDEX events_k");
  }
}

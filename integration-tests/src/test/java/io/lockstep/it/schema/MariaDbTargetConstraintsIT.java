package io.lockstep.it.schema;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Target foreign keys and a unique-keyed target, MariaDB to MariaDB (for the MySQL family). */
class MariaDbTargetConstraintsIT extends TargetConstraintsIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.MARIADB);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }

  /** The binlog's row images are whole rows already. */
  @Override
  List<String> keylessTableSetup() {
    return List.of();
  }
}

package io.lockstep.it.types;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.types.Engine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type matrix of the mariadb to postgres route (see {@link TypeMatrix}). */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MariaDbToPostgresTypeMatrixIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.POSTGRES);

  @Test
  void everyEdgeValueArrivesEqualOrIsDeadLetteredWithItsReason() throws Exception {
    TypeMatrix.replicatesEveryEdgeValue(STACK.stack(), TypeMatrixFixture.mariadb());
  }
}

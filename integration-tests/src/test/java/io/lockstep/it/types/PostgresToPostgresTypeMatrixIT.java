package io.lockstep.it.types;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.types.Engine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The type matrix of the postgres to postgres route (see {@link TypeMatrix}). */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PostgresToPostgresTypeMatrixIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.POSTGRES, Engine.POSTGRES);

  @Test
  void everyEdgeValueArrivesEqualOrIsDeadLetteredWithItsReason() throws Exception {
    TypeMatrix.replicatesEveryEdgeValue(STACK.stack(), TypeMatrixFixture.postgres());
  }
}

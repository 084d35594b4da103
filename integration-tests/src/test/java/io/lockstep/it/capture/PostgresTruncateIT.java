package io.lockstep.it.capture;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Truncates, PostgreSQL to PostgreSQL: the truncate and the inserts around it in one transaction.
 * The PostgreSQL to MariaDB route shares the capture with this one and the apply job's truncate
 * with {@link MariaDbTruncateIT}.
 */
class PostgresTruncateIT extends TruncateIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.POSTGRES, Engine.POSTGRES);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }

  @Override
  void truncateBetweenInserts(Statement st) throws Exception {
    st.execute(
        "BEGIN; INSERT INTO trunc.items (id, note) VALUES (1001, 'before');"
            + " UPDATE trunc.others SET note = 'in the truncate''s transaction' WHERE id = 1;"
            + " TRUNCATE trunc.items;"
            + " INSERT INTO trunc.items (id, note) VALUES (1002, 'after'); COMMIT");
  }
}

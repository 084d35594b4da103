package io.lockstep.it.capture;

import io.lockstep.it.fixture.EmbeddedStackExtension;
import io.lockstep.runner.embedded.EmbeddedStack;
import io.lockstep.types.Engine;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Truncates, MariaDB to MariaDB. {@code TRUNCATE TABLE} commits implicitly on MariaDB/MySQL, so the
 * inserts around it are transactions of their own, right before and right after it. The MariaDB to
 * PostgreSQL route shares the capture with this one and the apply job's truncate with {@link
 * PostgresTruncateIT}.
 */
class MariaDbTruncateIT extends TruncateIT {

  @RegisterExtension
  static final EmbeddedStackExtension STACK =
      new EmbeddedStackExtension(Engine.MARIADB, Engine.MARIADB);

  @Override
  EmbeddedStack stack() {
    return STACK.stack();
  }

  @Override
  void truncateBetweenInserts(Statement st) throws Exception {
    st.execute("INSERT INTO trunc.items (id, note) VALUES (1001, 'before')");
    st.execute("UPDATE trunc.others SET note = 'right before the truncate' WHERE id = 1");
    st.execute("TRUNCATE TABLE trunc.items");
    st.execute("INSERT INTO trunc.items (id, note) VALUES (1002, 'after')");
  }
}

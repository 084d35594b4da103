package io.lockstep.recovery.service.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service's store on an embedded PostgreSQL, migrated by the service's Flyway scripts. */
public final class TestStore implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;
  private final JdbcClient jdbc;

  private TestStore(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.dataSource = postgres.getPostgresDatabase();
    this.jdbc = JdbcClient.create(dataSource);
  }

  public static TestStore start() throws IOException {
    TestStore store = new TestStore(EmbeddedPostgres.builder().start());
    store.migrate();
    return store;
  }

  /** Runs the migrations; a second run finds nothing to do. */
  public int migrate() {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas("lockstep_recovery")
        .createSchemas(true)
        .load()
        .migrate()
        .migrationsExecuted;
  }

  public void clear() {
    jdbc.sql(
            "TRUNCATE lockstep_recovery.item, lockstep_recovery.item_attempt,"
                + " lockstep_recovery.reconcile_run, lockstep_recovery.reconcile_difference,"
                + " lockstep_recovery.audit_log, lockstep_recovery.reconcile_schedule")
        .update();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcClient jdbc() {
    return jdbc;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}

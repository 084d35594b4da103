package io.lockstep.engine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How one engine's JDBC driver is reached and how Lockstep's sessions on it are set up. {@code
 * io.lockstep.engines.DataSources} opens every connection and pool with it, the same way on every
 * engine.
 */
public interface ConnectionDialect {

  /** The port a server of this engine usually listens on. */
  int defaultPort();

  /** The JDBC URL of {@code database} on {@code host:port}. */
  String jdbcUrl(String host, int port, String database);

  /**
   * Driver properties that show the server who a session is (PostgreSQL's {@code ApplicationName});
   * none where the driver has no such property.
   */
  Map<String, String> applicationName(String name);

  /** Driver properties that bound how long connecting may take, in the driver's own unit. */
  Map<String, String> connectTimeout(Duration timeout);

  /**
   * The statement every writing session runs first (MariaDB/MySQL: the strict {@code sql_mode} that
   * refuses values instead of altering them), or empty.
   */
  Optional<String> sessionSetupSql();

  /**
   * {@link #sessionSetupSql()} for a session that writes replicated rows, with {@code replica}: the
   * session then does not enforce the target's foreign keys (PostgreSQL: {@code
   * session_replication_role = replica}, which also skips user triggers; MariaDB/MySQL: {@code
   * foreign_key_checks = 0}). The apply writes tables and keys in parallel, so a child row can
   * arrive before its parent, and a parent's delete before its children's; the source has already
   * enforced every key, and the target holds the same rows once the stream is applied.
   */
  Optional<String> sessionSetupSql(boolean replica);

  /**
   * Why {@code user} could not start a {@code replica} session ({@code error} from running {@link
   * #sessionSetupSql(boolean)}), and how to fix it.
   */
  String replicaSessionProblem(String user, String error);
}

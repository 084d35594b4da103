package io.lockstep.engines;

import io.lockstep.engine.DatabaseEngine;
import io.lockstep.engine.TargetDialect;
import io.lockstep.engine.mariadb.MariaDbEngine;
import io.lockstep.engine.postgres.PostgresEngine;
import io.lockstep.types.Engine;

/**
 * The registry of engines: the one place that maps an {@link Engine} named in a pipeline file to
 * the package that holds all of that engine's behaviour. Adding an engine means adding its package
 * and a line here (AGENTS.md, "Add an engine").
 */
public final class Engines {

  private static final DatabaseEngine POSTGRES = new PostgresEngine();
  private static final DatabaseEngine MARIADB = new MariaDbEngine();

  private Engines() {}

  public static DatabaseEngine of(Engine engine) {
    return switch (engine) {
      case POSTGRES -> POSTGRES;
      case MARIADB -> MARIADB;
    };
  }

  /** A new dialect of {@code engine}'s targets (a dialect is stateless; a new one is cheap). */
  public static TargetDialect dialect(Engine engine) {
    return of(engine).dialect();
  }
}

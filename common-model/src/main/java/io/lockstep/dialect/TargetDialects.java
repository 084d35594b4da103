package io.lockstep.dialect;

import io.lockstep.types.Engine;

/** The dialect of each target engine. */
public final class TargetDialects {

  private TargetDialects() {}

  public static TargetDialect of(Engine engine) {
    return switch (engine) {
      case POSTGRES -> new PostgresDialect();
      case MARIADB -> new MariaDbDialect();
    };
  }
}

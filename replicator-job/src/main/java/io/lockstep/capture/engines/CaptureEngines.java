package io.lockstep.capture.engines;

import io.lockstep.capture.mariadb.MariaDbCapture;
import io.lockstep.capture.postgres.PostgresCapture;
import io.lockstep.capture.spi.CaptureEngine;
import io.lockstep.types.Engine;

/**
 * The registry of the capture's engines: the one place that maps a source engine to the package
 * holding its Debezium connector settings, record converter and log probe. Adding a source engine
 * means adding its package and a line here, beside its line in {@code io.lockstep.engines.Engines}.
 */
public final class CaptureEngines {

  private static final CaptureEngine POSTGRES = new PostgresCapture();
  private static final CaptureEngine MARIADB = new MariaDbCapture();

  private CaptureEngines() {}

  public static CaptureEngine of(Engine engine) {
    return switch (engine) {
      case POSTGRES -> POSTGRES;
      case MARIADB -> MARIADB;
    };
  }
}

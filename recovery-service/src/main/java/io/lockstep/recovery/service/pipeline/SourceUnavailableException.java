package io.lockstep.recovery.service.pipeline;

import io.lockstep.config.PipelineConfig;
import io.lockstep.config.PipelineOptions;
import java.sql.SQLException;

/**
 * The source database did not answer; the API answers 503, the caller may try again. The message
 * reaches every caller of the API, viewers included, so it names the database and where it is and
 * never the JDBC URL, the user or the driver's message (which can name the user); the log has
 * those.
 */
public class SourceUnavailableException extends RuntimeException {

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * E.g. {@code Source database 'shop' on db.example:5432 is unreachable (reading its catalog;
   * SQLSTATE 08001).}
   *
   * @param doing what the service was doing, e.g. "reading its catalog"
   */
  public static SourceUnavailableException of(
      PipelineConfig config, String doing, SQLException cause) {
    String state = cause == null ? null : cause.getSQLState();
    boolean unreachable = state == null || state.startsWith("08");
    return new SourceUnavailableException(
        "Source database '"
            + config.get(PipelineOptions.SOURCE_DATABASE)
            + "' on "
            + config.get(PipelineOptions.SOURCE_HOST)
            + ":"
            + config.sourcePort()
            + (unreachable ? " is unreachable" : " did not answer the service's query")
            + " ("
            + doing
            + (state == null ? "" : "; SQLSTATE " + state)
            + ").",
        cause);
  }
}

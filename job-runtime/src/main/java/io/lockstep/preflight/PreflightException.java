package io.lockstep.preflight;

import io.lockstep.config.ProblemsException;
import java.util.List;

/** The source or target is not ready for the pipeline; every problem says what to change. */
public class PreflightException extends ProblemsException {

  public PreflightException(String pipeline, List<String> problems) {
    super("Pipeline '" + pipeline + "' cannot start", problems);
  }
}

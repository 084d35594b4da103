package io.lockstep.recovery.service.web;

import io.lockstep.recovery.service.pipeline.SourceUnavailableException;
import io.lockstep.recovery.service.pipeline.UnknownTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as {@code application/problem+json} (RFC 9457): 400 for what the caller
 * can fix, 404 for what does not exist, 409 for a retry of an item that names no row, 503 for a
 * database that does not answer (naming the database, not its URL), 500 otherwise (details in the
 * log only). Spring MVC's own errors (bad JSON, wrong parameter types) come from the base class in
 * the same form.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(UnknownTableException.class)
  ProblemDetail unknownTable(UnknownTableException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Unknown table");
    problem.setProperty("knownTables", e.known());
    return problem;
  }

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request");
    return problem;
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    problem.setTitle(e.title());
    return problem;
  }

  @ExceptionHandler(SourceUnavailableException.class)
  ProblemDetail unavailable(SourceUnavailableException e) {
    // The driver's message is for the log only: it can name the user or the URL.
    LOG.warn(
        "{} {}", e.getMessage(), e.getCause() == null ? "" : "(" + e.getCause().getMessage() + ")");
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, e.getMessage() + " Try again once it answers.");
    problem.setTitle("Database unavailable");
    return problem;
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    LOG.error("API call failed", e);
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "The call failed inside the service (" + e.getClass().getSimpleName() + "); see its log.");
  }
}

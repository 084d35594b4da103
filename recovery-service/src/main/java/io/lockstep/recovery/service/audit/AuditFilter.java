package io.lockstep.recovery.service.audit;

import io.lockstep.recovery.service.security.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * Records every mutating call to the API that an authenticated caller made, whatever its outcome:
 * it runs before Spring Security's filters and writes after them, so a call refused for its role
 * (403) is recorded too. A call without one of the configured tokens is not: anyone who reaches the
 * port can send those, and recording each would let them fill the store. Spring Security refuses
 * such a call before its body is read, and {@code security.ApiRefusals} counts it.
 */
public class AuditFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** The most of a request body an entry keeps. */
  private static final int MAX_BODY = 4096;

  /** The most of a query string an entry keeps; no call of the API needs a long one. */
  private static final int MAX_QUERY = 512;

  private final AuditLog log;
  private final Clock clock = Clock.systemUTC();

  public AuditFilter(AuditLog log) {
    this.log = log;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !MUTATING.contains(request.getMethod())
        || !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    ContentCachingRequestWrapper cached = new ContentCachingRequestWrapper(request, MAX_BODY);
    int status = 500;
    try {
      chain.doFilter(cached, response);
      status = response.getStatus();
    } finally {
      record(cached, status);
    }
  }

  private void record(ContentCachingRequestWrapper request, int status) {
    if (!Actor.authenticated(request)) {
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query =
        request.getQueryString() == null ? "" : "?" + shorten(request.getQueryString(), MAX_QUERY);
    String body =
        shorten(new String(request.getContentAsByteArray(), StandardCharsets.UTF_8), MAX_BODY);
    String parameters = query + (body.isEmpty() ? "" : (query.isEmpty() ? "" : " ") + body);
    AuditEntry entry =
        new AuditEntry(
            clock.instant(),
            Actor.of(request),
            request.getMethod() + " " + path,
            path.replaceFirst("^/api/v1/", ""),
            parameters.isEmpty() ? null : parameters,
            status,
            result(status));
    try {
      log.record(entry);
    } catch (RuntimeException e) {
      // The call has happened; losing its audit entry must be loud.
      LOG.error(
          "Could not write the audit entry of {} by {} (status {})",
          entry.action(),
          entry.actor(),
          status,
          e);
    }
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static String result(int status) {
    if (status == 401 || status == 403) {
      return "refused";
    }
    if (status >= 500) {
      return "failed";
    }
    if (status >= 400) {
      return "rejected";
    }
    return "ok";
  }
}

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
 * Records every mutating call to the API, whatever its outcome. It runs before Spring Security's
 * filters, so calls refused for a missing or bad token (401) or a role (403) are recorded too.
 */
public class AuditFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final int MAX_PARAMETERS = 4096;

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
    ContentCachingRequestWrapper cached = new ContentCachingRequestWrapper(request, MAX_PARAMETERS);
    int status = 500;
    try {
      chain.doFilter(cached, response);
      status = response.getStatus();
    } finally {
      record(cached, status);
    }
  }

  private void record(ContentCachingRequestWrapper request, int status) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String body = new String(request.getContentAsByteArray(), StandardCharsets.UTF_8);
    String parameters =
        (request.getQueryString() == null ? "" : "?" + request.getQueryString())
            + (body.isEmpty() ? "" : (request.getQueryString() == null ? "" : " ") + body);
    if (parameters.length() > MAX_PARAMETERS) {
      parameters = parameters.substring(0, MAX_PARAMETERS) + "…";
    }
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

package io.lockstep.recovery.service.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.recovery.service.config.RecoveryProperties;
import io.lockstep.recovery.service.config.StartupProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what: health and Prometheus without a token (probes and scrapers have none), every
 * GET of the API and its OpenAPI description with a viewer's or operator's token, everything else
 * of the API with an operator's token, and nothing more. Stateless: no session, no cookie, hence no
 * CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

  @Bean
  ApiTokens apiTokens(RecoveryProperties properties) {
    ApiTokens tokens;
    try {
      tokens = ApiTokens.parse(properties.api().tokens());
    } catch (IllegalArgumentException e) {
      throw new StartupProblem(
          e.getMessage(),
          "Fix the entry in LOCKSTEP_API_TOKENS (lockstep.api.tokens):"
              + " name:role:sha256:<hex of sha256sum of the token> (docs/recovery-service.md).",
          null);
    }
    if (tokens.isEmpty()) {
      LOG.warn(
          "No API tokens are configured: every call of /api/v1 is refused. Set"
              + " LOCKSTEP_API_TOKENS (docs/recovery-service.md).");
    } else {
      LOG.info("{} API token(s) configured", tokens.size());
    }
    return tokens;
  }

  @Bean
  ApiRefusals apiRefusals(MeterRegistry meters) {
    return new ApiRefusals(meters);
  }

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http, ApiTokens tokens, ObjectMapper json, ApiRefusals refusals)
      throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(tokens), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            authorize ->
                authorize
                    .dispatcherTypeMatchers(DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers(
                        "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs/**")
                    .hasRole("VIEWER")
                    .requestMatchers("/api/**")
                    .hasRole("OPERATOR")
                    .anyRequest()
                    .denyAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, failure) -> {
                          boolean invalid = Actor.INVALID_TOKEN.equals(Actor.of(request));
                          refusals.refused(
                              invalid
                                  ? ApiRefusals.Reason.INVALID_TOKEN
                                  : ApiRefusals.Reason.MISSING_TOKEN);
                          response.setHeader("WWW-Authenticate", "Bearer");
                          write(
                              json,
                              response,
                              HttpStatus.UNAUTHORIZED,
                              invalid
                                  ? "The bearer token is not one of the configured tokens."
                                  : "This call needs 'Authorization: Bearer <token>'.",
                              request.getRequestURI());
                        })
                    .accessDeniedHandler(
                        (request, response, denied) -> {
                          refusals.refused(ApiRefusals.Reason.FORBIDDEN);
                          write(
                              json,
                              response,
                              HttpStatus.FORBIDDEN,
                              "The token of '"
                                  + Actor.of(request)
                                  + "' may only read; this call needs an operator's token.",
                              request.getRequestURI());
                        }))
        .build();
  }

  private static void write(
      ObjectMapper json, HttpServletResponse response, HttpStatus status, String detail, String uri)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(uri));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}

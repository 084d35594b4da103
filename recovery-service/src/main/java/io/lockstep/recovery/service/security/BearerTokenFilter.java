package io.lockstep.recovery.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the configured hashes. A request
 * without a matching token stays anonymous and the authorization rules answer 401.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String PREFIX = "Bearer ";

  private final ApiTokens tokens;

  BearerTokenFilter(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      Optional<ApiTokens.Entry> entry = tokens.match(header.substring(PREFIX.length()).trim());
      if (entry.isPresent()) {
        Actor.set(request, entry.get().name());
        SecurityContextHolder.getContext().setAuthentication(authentication(entry.get()));
      } else {
        Actor.set(request, Actor.INVALID_TOKEN);
      }
    }
    chain.doFilter(request, response);
  }

  private static UsernamePasswordAuthenticationToken authentication(ApiTokens.Entry entry) {
    List<SimpleGrantedAuthority> authorities =
        entry.role() == Role.OPERATOR
            ? List.of(
                new SimpleGrantedAuthority("ROLE_OPERATOR"),
                new SimpleGrantedAuthority("ROLE_VIEWER"))
            : List.of(new SimpleGrantedAuthority("ROLE_VIEWER"));
    return UsernamePasswordAuthenticationToken.authenticated(entry.name(), null, authorities);
  }
}

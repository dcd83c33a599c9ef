package io.optoutchain.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' login form (Tasklist, Cockpit, Admin) meets the same back-off and bounded audit as
 * every Basic login ({@link FailedLogins}): while backed off, a login is answered 429 before the
 * password is checked; a refused one counts as a failure of that user from that client.
 */
class WebappLoginGuard extends OncePerRequestFilter {

  private static final Pattern LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+/?");
  /** A login form is a user name and a password. */
  private static final int MAX_FORM = 4096;

  private final FailedLogins failedLogins;

  WebappLoginGuard(FailedLogins failedLogins) {
    this.failedLogins = failedLogins;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !LOGIN.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] form = request.getInputStream().readNBytes(MAX_FORM + 1);
    if (form.length > MAX_FORM) {
      ApiInputBounds.refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE", null,
          "a login form is at most " + MAX_FORM + " bytes");
      return;
    }
    String userId = field(new String(form, StandardCharsets.ISO_8859_1), "username");
    String client = request.getRemoteAddr();
    Optional<Duration> wait = failedLogins.retryAfter(userId, client);
    if (wait.isPresent()) {
      response.setHeader("Retry-After", Long.toString(wait.get().toSeconds()));
      ApiInputBounds.refuse(response, 429, "TOO_MANY_FAILED_LOGINS", null,
          "too many failed logins; retry after " + wait.get().toSeconds() + " s");
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, form), response);
    if (response.getStatus() == HttpServletResponse.SC_OK) {
      failedLogins.succeeded(userId);
    } else if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      // Only a wrong password counts: a 403 (no access to this webapp, or no CSRF token) says nothing
      // of the password, and must not reset the count either.
      failedLogins.failed(userId, client, "webapps");
    }
  }

  private static String field(String form, String name) {
    return Arrays.stream(form.split("&")).map(pair -> pair.split("=", 2))
        .filter(pair -> pair.length == 2 && URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals(name))
        .map(pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)).findFirst().orElse("");
  }
}

package io.optoutchain.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser that has logged in with Basic sends the credentials along with any request a foreign
 * page makes, but a foreign page can only send "simple" requests: a form or text body, no custom
 * header. So a state-changing API call must be JSON or carry {@value #HEADER}; anything else could
 * have been made cross-site and is refused before it is looked at.
 */
class CrossSiteRequestGuard extends OncePerRequestFilter {

  static final String HEADER = "X-Requested-By";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (SAFE_METHODS.contains(request.getMethod()) || isJson(request.getContentType())
        || hasText(request.getHeader(HEADER))) {
      chain.doFilter(request, response);
      return;
    }
    ApiInputBounds.refuse(response, HttpServletResponse.SC_FORBIDDEN, "CROSS_SITE", null,
        "a state-changing call must send application/json or the header " + HEADER
            + " (for example 'X-Requested-By: optout-chain'), so that no other web page can make it");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      // Exact: a wildcard type would be "compatible" with JSON, and a foreign page could send it.
      return type.getType().equals("application")
          && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}

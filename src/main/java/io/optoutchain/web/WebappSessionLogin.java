package io.optoutchain.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One sign-in for the regulators' pages: a user logged into the Camunda webapps (Cockpit, Tasklist,
 * Welcome) reads the audit pages and the audit API with that same session, and logging out there logs
 * out here. Only reads, and one write: a cookie can be sent by another site, so a request that
 * changes something needs Basic credentials (and JSON, see {@link CrossSiteRequestGuard}), except the
 * ledger keeper's own file replacing its draft from the review form in Tasklist, which must be JSON
 * and carry {@value CrossSiteRequestGuard#HEADER}: no other site's page can send either without
 * this server's consent (a CORS preflight it never grants); and the administrator's page changing
 * parties and chains under {@code /api/admin/}, with that header on every change.
 */
class WebappSessionLogin extends OncePerRequestFilter {

  static final String ENGINE = "default";

  private static final Pattern DRAFT = Pattern.compile("/api/reports/[^/]+/[^/]+/draft");

  private final SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    return !(read || isDraftFromTasklist(request) || isAdministrationFromItsPage(request))
        || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
  }

  /**
   * The administrator's page (/admin/parties.html) changing parties and chains: it sends
   * {@value CrossSiteRequestGuard#HEADER} with every change, which no other site's page can send (the
   * CORS preflight is never granted). Who may is decided by the API: administrators only.
   */
  private static boolean isAdministrationFromItsPage(HttpServletRequest request) {
    return request.getRequestURI().startsWith("/api/admin/") && request.getHeader(CrossSiteRequestGuard.HEADER) != null
        && !request.getHeader(CrossSiteRequestGuard.HEADER).isBlank();
  }

  private static boolean isDraftFromTasklist(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) && DRAFT.matcher(request.getRequestURI()).matches()
        && request.getContentType() != null && request.getContentType().startsWith("application/json")
        && request.getHeader(CrossSiteRequestGuard.HEADER) != null;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    if (session != null && SecurityContextHolder.getContext().getAuthentication() == null) {
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      if (authentications.getAuthenticationForProcessEngine(ENGINE) instanceof UserAuthentication user) {
        List<SimpleGrantedAuthority> groups = user.getGroupIds() == null ? List.of()
            : user.getGroupIds().stream().map(SimpleGrantedAuthority::new).toList();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.getName(), null, groups));
        SecurityContextHolder.setContext(context);
        // Kept on the request, as a Basic login is: the dispatch that ends a streamed download runs
        // without this filter and would otherwise be refused halfway through the file.
        contexts.saveContext(context, request, response);
      }
    }
    chain.doFilter(request, response);
  }
}

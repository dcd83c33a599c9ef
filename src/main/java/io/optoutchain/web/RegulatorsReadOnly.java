package io.optoutchain.web;

import io.optoutchain.party.PartyGroups;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Regulators read and change nothing. Authorizations hold that for tasks, instances and variables,
 * but Camunda adds comments and attachments without asking them (AddCommentCmd checks no
 * permission), so a regulator could write on any party's task. This closes those doors on both
 * engine channels, {@code /engine-rest} and the webapps' {@code /camunda/api/engine}, for every
 * method but reading.
 */
class RegulatorsReadOnly extends OncePerRequestFilter {

  /** Comments and attachments of tasks and process instances: create, update, delete. */
  static final Pattern UNGUARDED_WRITES = Pattern.compile(".*/(comment|attachment)(/.*)?");
  private static final List<String> READING = List.of("GET", "HEAD", "OPTIONS");

  private final IdentityService identityService;

  RegulatorsReadOnly(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!READING.contains(request.getMethod()) && UNGUARDED_WRITES.matcher(path).matches() && isRegulator(request)) {
      ApiInputBounds.refuse(response, HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", null,
          "regulators read the record; they do not write comments or attachments on the parties' tasks");
      return;
    }
    chain.doFilter(request, response);
  }

  private boolean isRegulator(HttpServletRequest request) {
    // /engine-rest: Spring Security has checked the Basic login by now.
    var login = SecurityContextHolder.getContext().getAuthentication();
    if (login != null && login.isAuthenticated() && login.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority).anyMatch(PartyGroups.REGULATORS::equals)) {
      return true;
    }
    // The webapps: Camunda keeps the logged-in users in the session.
    var session = request.getSession(false);
    if (session == null) {
      return false;
    }
    var webappUsers = AuthenticationUtil.getAuthsFromSession(session);
    if (webappUsers == null) {
      return false;
    }
    for (UserAuthentication user : webappUsers.getAuthentications()) {
      List<String> groups = user.getGroupIds() != null ? user.getGroupIds()
          : identityService.createGroupQuery().groupMember(user.getIdentityId()).list().stream().map(g -> g.getId()).toList();
      if (groups.contains(PartyGroups.REGULATORS)) {
        return true;
      }
    }
    return false;
  }
}

package io.optoutchain.web;

import jakarta.servlet.http.HttpServletResponse;
import io.optoutchain.party.PartyGroups;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Closed unless opened here. Anonymous callers reach only {@code /actuator/health} (with its liveness and
 * readiness groups, status only) and what the
 * Camunda webapps need to show their login page and check it (Camunda's own login and session guard
 * everything behind it). Everything else needs a login: HTTP Basic against Camunda's identity for
 * {@code /api}, the regulators' pages, {@code /engine-rest} (the engine list included) and any other
 * path; {@code /actuator/prometheus} needs an administrator. Every Basic login goes through {@link CamundaIdentityAuthenticationProvider}, so the back-off
 * and the bounded audit of failures hold on every channel that takes a password in a header.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  /** Where a person logs in once for the webapps and the regulators' pages alike. */
  static final String WEBAPP_LOGIN = "/camunda/app/welcome/default/#!/login";

  /** Exactly what is open without a login. */
  static final String[] ANONYMOUS = {
      "/actuator/health", "/actuator/health/**",
      // The root redirects to Tasklist; the webapps' pages, scripts, styles and fonts are their login page.
      "/", "/camunda", "/camunda/", "/camunda/app/**", "/camunda/assets/**", "/camunda/lib/**",
      "/camunda/favicon.ico",
      // The webapps' own API: their login and their engine calls, guarded by Camunda's session check.
      "/camunda/api/**",
      // Spring's error page only renders the status of a request that was already decided.
      "/error"};

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, IdentityService identityService) throws Exception {
    // CamundaIdentityAuthenticationProvider, a bean, is the application's one authentication provider.
    // The regulators' pages, and the administrator's (/admin), sit behind the same login as the API they use.
    return basicLogin(http.securityMatcher("/api/**", "/audit/**", "/admin/**", "/fhir/**"), identityService)
        .addFilterBefore(new WebappSessionLogin(), BasicAuthenticationFilter.class)
        // A person opening a regulators' page without a session is sent to the webapps' login.
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, failure) -> {
          if ((request.getRequestURI().startsWith("/audit/") || request.getRequestURI().startsWith("/admin/"))
              && request.getHeader("Authorization") == null) {
            response.sendRedirect(WEBAPP_LOGIN);
          } else if ("empty".equals(request.getHeader("Sec-Fetch-Dest"))
              && request.getHeader("Authorization") == null) {
            // A page's script: a Basic challenge would open the browser's password dialog, and a
            // headless browser would wait on it for ever; the page shows the 401's message instead.
            loginRequiredWithoutChallenge().commence(request, response, failure);
          } else {
            loginRequired().commence(request, response, failure);
          }
        }))
        // The pages' shared style and script hold no data; a page must never miss them.
        .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/audit/*.css", "/audit/*.js")
            .permitAll().anyRequest().authenticated())
        .addFilterBefore(new CrossSiteRequestGuard(), BasicAuthenticationFilter.class)
        .addFilterBefore(new ApiInputBounds(), BasicAuthenticationFilter.class)
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain engineRest(HttpSecurity http, IdentityService identityService) throws Exception {
    // Camunda's engine REST API, with the same login as /api: its own Basic filter would check
    // passwords without our back-off and leave the engine list (/engine-rest/engine) open.
    return basicLogin(http.securityMatcher("/engine-rest/**"), identityService)
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .build();
  }

  @Bean
  @Order(3)
  SecurityFilterChain everythingElse(HttpSecurity http, IdentityService identityService) throws Exception {
    // Spring's CSRF token is off here and everywhere: the webapps carry their own (Camunda's
    // CsrfPreventionFilter), and /api refuses requests a cross-site page could send (CrossSiteRequestGuard).
    // No Basic challenge here: these paths are a browser's, and a challenge would pop up the browser's
    // own password dialog over the webapps' login page (Tasklist asks for /camunda-welcome, for one).
    return basicLogin(http.securityMatcher("/**"), identityService)
        .httpBasic(basic -> basic.authenticationEntryPoint(loginRequiredWithoutChallenge()))
        .authorizeHttpRequests(requests -> requests.requestMatchers(ANONYMOUS).permitAll()
            // The product's figures name parties and show the workload: administrators only.
            .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAuthority(PartyGroups.ADMINISTRATORS)
            .anyRequest().authenticated())
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(loginRequiredWithoutChallenge())
            .accessDeniedHandler((request, response, denied) -> ApiInputBounds.refuse(response,
                HttpServletResponse.SC_FORBIDDEN, "FORBIDDEN", null, "administrators only")))
        .build();
  }

  private static HttpSecurity basicLogin(HttpSecurity http, IdentityService identityService) throws Exception {
    return http
        .httpBasic(basic -> basic.authenticationEntryPoint(loginRequired()))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(loginRequired()))
        .csrf(AbstractHttpConfigurer::disable)
        // No new session id per request: naming a creation policy turns on Spring's session-fixation
        // protection, which changed the webapps' session id on every request read with it
        // (WebappSessionLogin). A page's concurrent requests then raced for the cookie, and the loser
        // came without a session. Camunda's own login already starts a new session.
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
            .sessionFixation(fixation -> fixation.none()))
        .addFilterAfter(new EngineAuthenticationFilter(identityService), BasicAuthenticationFilter.class)
        .addFilterAfter(new RegulatorsReadOnly(identityService), BasicAuthenticationFilter.class);
  }

  /**
   * 401 asking for Basic credentials, or 429 with Retry-After while the caller is backed off. Written
   * here rather than through the error page, so that turning a flood away costs no second dispatch.
   */
  static AuthenticationEntryPoint loginRequired() {
    AuthenticationEntryPoint refusal = loginRequiredWithoutChallenge();
    return (request, response, failure) -> {
      if (!(failure instanceof LoginBackedOff)) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"optout-chain\"");
      }
      refusal.commence(request, response, failure);
    };
  }

  /** The same refusal, without asking a browser for a password. */
  static AuthenticationEntryPoint loginRequiredWithoutChallenge() {
    return (request, response, failure) -> {
      if (failure instanceof LoginBackedOff backedOff) {
        response.setHeader("Retry-After", Long.toString(backedOff.retryAfterSeconds()));
        ApiInputBounds.refuse(response, 429, "TOO_MANY_FAILED_LOGINS", null,
            "too many failed logins; retry after " + backedOff.retryAfterSeconds() + " s");
        return;
      }
      ApiInputBounds.refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "UNAUTHORIZED", null, "login required");
    };
  }
}

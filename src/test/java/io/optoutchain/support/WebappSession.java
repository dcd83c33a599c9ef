package io.optoutchain.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A user logged into the Camunda webapps as a browser would be: session cookie and CSRF token.
 * Calls the webapps' own engine API ({@code /camunda/api/engine/engine/default/...}), the door
 * Tasklist and Cockpit use, which is not the engine REST API.
 */
public final class WebappSession {

  public static final String ENGINE_API = "/camunda/api/engine/engine/default";

  private final TestRestTemplate rest;
  private final List<String> cookies = new ArrayList<>();
  private String csrfToken;

  private WebappSession(TestRestTemplate rest) {
    this.rest = rest;
  }

  public static WebappSession login(TestRestTemplate rest, String userId, String password) {
    return login(rest, userId, password, "tasklist");
  }

  /** Logs into one of the webapps (tasklist, cockpit, admin, welcome) as its login page does. */
  public static WebappSession login(TestRestTemplate rest, String userId, String password, String app) {
    WebappSession session = new WebappSession(rest);
    var login = session.attemptLogin(userId, password, app);
    if (!login.getStatusCode().is2xxSuccessful()) {
      throw new IllegalStateException("webapp login of " + userId + " failed: " + login.getStatusCode());
    }
    // The login starts a new session, which gets its own CSRF token on its first read.
    session.get("/camunda/api/admin/auth/user/default");
    return session;
  }

  /** A fresh browser's login to Tasklist, as the login page posts it; the answer as it came. */
  public static ResponseEntity<String> tryLogin(TestRestTemplate rest, String userId, String password) {
    return new WebappSession(rest).attemptLogin(userId, password, "tasklist");
  }

  private ResponseEntity<String> attemptLogin(String userId, String password, String app) {
    remember(rest.getForEntity("/camunda/app/tasklist/", String.class));
    var form = new LinkedMultiValueMap<String, String>();
    form.add("username", userId);
    form.add("password", password);
    HttpHeaders headers = headers();
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    return remember(rest.exchange("/camunda/api/admin/auth/user/default/login/" + app, HttpMethod.POST,
        new HttpEntity<>(form, headers), String.class));
  }

  public ResponseEntity<String> get(String path) {
    return remember(rest.exchange(path, HttpMethod.GET, new HttpEntity<>(headers()), String.class));
  }

  public ResponseEntity<String> post(String path, Map<String, ?> body) {
    return post(path, body, new HttpHeaders());
  }

  /** A JSON POST with the session and these headers besides. */
  public ResponseEntity<String> post(String path, Map<String, ?> body, HttpHeaders extra) {
    HttpHeaders headers = headers();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.addAll(extra);
    return remember(rest.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class));
  }

  /** The session's cookies, as a Cookie header. */
  public String cookieHeader() {
    return String.join("; ", cookies);
  }

  private HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    if (!cookies.isEmpty()) {
      headers.add(HttpHeaders.COOKIE, String.join("; ", cookies));
    }
    if (csrfToken != null) {
      headers.add("X-XSRF-TOKEN", csrfToken);
    }
    return headers;
  }

  private ResponseEntity<String> remember(ResponseEntity<String> response) {
    List<String> set = response.getHeaders().get(HttpHeaders.SET_COOKIE);
    if (set != null) {
      for (String header : set) {
        String pair = header.split(";", 2)[0];
        String name = pair.split("=", 2)[0];
        cookies.removeIf(cookie -> cookie.startsWith(name + "="));
        cookies.add(pair);
        if (name.equals("XSRF-TOKEN")) {
          csrfToken = pair.substring(name.length() + 1);
        }
      }
    }
    String token = response.getHeaders().getFirst("X-XSRF-TOKEN");
    if (token != null) {
      csrfToken = token;
    }
    return response;
  }
}

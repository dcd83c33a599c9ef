package io.optoutchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;

/** The regulator reads every party's tasks and writes on none of them, over either engine channel. */
class RegulatorWritesNothingTest extends ReportingTest {

  @Autowired TaskService taskService;
  @LocalServerPort int port;

  private String aWaitingTask() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    return taskService.createTaskQuery().singleResult().getId();
  }

  @Test
  void theRegulatorCannotCommentOverTheEngineRestApi() {
    String taskId = aWaitingTask();

    var comment = rest.withBasicAuth("regulator", "demo").postForEntity("/engine-rest/task/" + taskId
        + "/comment/create", Map.of("message", "this count looks fine to me"), String.class);

    assertThat(comment.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(taskService.getTaskComments(taskId)).isEmpty();
    assertThat(rest.withBasicAuth("regulator", "demo").getForEntity("/engine-rest/task/" + taskId + "/comment",
        String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void theRegulatorCannotCommentThroughTheWebapps() throws Exception {
    String taskId = aWaitingTask();
    var webapp = new Webapp();
    assertThat(webapp.login("regulator", "demo")).isEqualTo(200);

    int status = webapp.postJson("/camunda/api/engine/engine/default/task/" + taskId + "/comment/create",
        "{\"message\":\"this count looks fine to me\"}");

    assertThat(status).isEqualTo(403);
    assertThat(taskService.getTaskComments(taskId)).isEmpty();
  }

  /** A browser session in the webapps: Camunda's login form, its session cookie and its CSRF token. */
  private final class Webapp {

    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

    int login(String user, String password) throws Exception {
      get("/camunda/app/welcome/default/");
      String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(password, StandardCharsets.UTF_8);
      int status = client.send(withToken(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/welcome")))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      // The login renews the session, and the token with it: the page asks for the new one, as here.
      get("/camunda/api/admin/auth/user/default");
      return status;
    }

    private void get(String path) throws Exception {
      client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    int postJson(String path, String json) throws Exception {
      return client.send(withToken(HttpRequest.newBuilder(uri(path))).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder withToken(HttpRequest.Builder request) {
      cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((first, last) -> last)
          .ifPresent(token -> request.header("X-XSRF-TOKEN", token));
      return request;
    }

    private URI uri(String path) {
      return URI.create("http://localhost:" + port + path);
    }
  }
}

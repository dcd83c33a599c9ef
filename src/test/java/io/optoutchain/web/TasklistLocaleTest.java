package io.optoutchain.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.support.EngineTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

class TasklistLocaleTest extends EngineTest {

  private static final String APPS = "/META-INF/resources/webjars/camunda/app/";
  private static final String LOCALES = APPS + "tasklist/locales/";

  @Autowired TestRestTemplate rest;
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode locale(String name) throws IOException {
    return json(LOCALES + name);
  }

  private JsonNode json(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
      return json.readTree(text);
    }
  }

  private static Set<String> keys(JsonNode node) {
    Set<String> keys = new HashSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void japaneseCoversEveryLabelOfTheTasklistShippedWithCamunda() throws IOException {
    JsonNode english = locale("en.json");
    JsonNode japanese = locale("ja.json");

    assertThat(keys(japanese.get("labels"))).isEqualTo(keys(english.get("labels"))).hasSizeGreaterThan(400);
    assertThat(keys(japanese.get("dateLocales"))).isEqualTo(keys(english.get("dateLocales")));
    assertThat(japanese.get("labels").get("COMPLETE").asText()).isNotEqualTo(english.get("labels").get("COMPLETE").asText());
  }

  @Test
  void tasklistServesJapaneseAndOffersItBeforeEnglish() {
    var locale = rest.getForEntity("/camunda/app/tasklist/locales/ja.json", String.class);
    assertThat(locale.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(locale.getBody()).contains("担当する");

    var config = rest.getForEntity("/camunda/app/tasklist/scripts/config.js", String.class);
    assertThat(config.getBody()).contains("availableLocales: [\"ja\", \"en\"]").contains("fallbackLocale: \"en\"");
  }

  @Test
  void welcomeSpeaksJapaneseForEveryLabelOfCamundasWelcome() throws IOException {
    JsonNode english = json(APPS + "welcome/locales/en.json");
    JsonNode japanese = json(APPS + "welcome/locales/ja.json");

    assertThat(keys(japanese.get("labels"))).isEqualTo(keys(english.get("labels"))).hasSizeGreaterThan(150);
    assertThat(japanese.get("labels").get("APPLICATIONS").asText()).isEqualTo("アプリケーション");

    var config = rest.getForEntity("/camunda/app/welcome/scripts/config.js", String.class);
    assertThat(config.getBody()).contains("availableLocales: [\"ja\", \"en\"]").contains("fallbackLocale: \"en\"");
  }

  @Test
  void tasklistLoadsTheDateLocaleModuleAndEveryAppHidesTheMigrationBanner() {
    var config = rest.getForEntity("/camunda/app/tasklist/scripts/config.js", String.class).getBody();
    assertThat(config).containsPattern("ngDeps: \\[[^]]*'optoutchain.dateLocale'")
        .contains("'optoutchain-date-locale': 'scripts/date-locale'");
    var module = rest.getForEntity("/camunda/app/tasklist/scripts/date-locale.js", String.class);
    assertThat(module.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(module.getBody()).contains("angular.module('optoutchain.dateLocale'");

    for (String app : new String[] {"tasklist", "welcome", "cockpit", "admin"}) {
      var styles = rest.getForEntity("/camunda/app/" + app + "/styles/user-styles.css", String.class);
      assertThat(styles.getBody()).as(app).containsPattern("\\.ce-eol-banner \\{\\s*display: none;");
    }
  }
}

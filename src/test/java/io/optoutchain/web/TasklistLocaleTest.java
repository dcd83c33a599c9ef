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

  private static final String LOCALES = "/META-INF/resources/webjars/camunda/app/tasklist/locales/";

  @Autowired TestRestTemplate rest;
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode locale(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(LOCALES + name)) {
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
}

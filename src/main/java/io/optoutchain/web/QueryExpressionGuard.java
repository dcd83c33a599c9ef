package io.optoutchain.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with a 400, any request to the engine's APIs (engine REST and the webapps' engine API)
 * that carries an expression: a query parameter or a JSON field named {@code ...Expression} at any
 * depth ({@code orQueries}, filter queries, filter extensions included). Camunda 7 CE's own switch
 * does not cover every path and gets no patches, and an expression may reach every bean of the
 * application. The only expressions a query evaluates are those of the filters the product seeds.
 */
class QueryExpressionGuard extends OncePerRequestFilter {

  /** A query or filter body is small; past this the request is refused rather than read. */
  static final int MAX_JSON_BODY = 256 * 1024;

  private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> named = queryParameterNames(request).stream().filter(QueryExpressionGuard::isExpression)
        .findFirst();
    if (named.isPresent()) {
      refuse(response, HttpServletResponse.SC_BAD_REQUEST, "expressions are not accepted in queries: '"
          + shortened(named.get()) + "'");
      return;
    }
    if (!isJson(request)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_JSON_BODY + 1);
    if (body.length > MAX_JSON_BODY) {
      refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "a request body to the engine API is at most " + MAX_JSON_BODY + " bytes");
      return;
    }
    if (body.length > 0) {
      Optional<String> field;
      try {
        field = expressionField(STRICT_JSON.readTree(body));
      } catch (JsonProcessingException e) {
        refuse(response, HttpServletResponse.SC_BAD_REQUEST, "the request body is not valid JSON");
        return;
      }
      if (field.isPresent()) {
        refuse(response, HttpServletResponse.SC_BAD_REQUEST, "expressions are not accepted in queries: '"
            + shortened(field.get()) + "'");
        return;
      }
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  /** The names in the query string only: reading the servlet's parameters would consume a form body. */
  private static List<String> queryParameterNames(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(query.split("&")).map(pair -> pair.split("=", 2)[0])
        .map(name -> URLDecoder.decode(name, StandardCharsets.UTF_8)).toList();
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase(Locale.ROOT).contains("json");
  }

  private static Optional<String> expressionField(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isExpression(field.getKey())) {
          return Optional.of(field.getKey());
        }
        Optional<String> nested = expressionField(field.getValue());
        if (nested.isPresent()) {
          return nested;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        Optional<String> nested = expressionField(element);
        if (nested.isPresent()) {
          return nested;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isExpression(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith("expression") || lower.equals("expressions");
  }

  private static String shortened(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64) + "…";
  }

  private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(STRICT_JSON.writeValueAsString(
        Map.of("type", "InvalidRequestException", "message", message)));
  }
}

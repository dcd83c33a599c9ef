package io.optoutchain.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's description, served by springdoc at {@code /api/openapi.json} behind the API's login (any
 * logged-in user: it describes the doors every party already calls, and no data). Only {@code /api/**};
 * no Swagger UI. Every operation names the login it needs and the one refusal format of
 * {@link ApiExceptionHandler} ({@code ApiError}); the declaration shows its refusals with an example.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  static final String ERROR_SCHEMA = "ApiError";
  static final String DECLARATION = "/api/reports/{hospitalId}/{period}/declaration";
  static final String PERIOD_START = "/api/periods/{period}/reports";
  static final String PERIOD_START_HANDLE = "/api/periods/{period}/start";
  /** What the declaration answers to a negative count: OperationsSurfacesTest checks it against the live answer. */
  static final Map<String, String> NEGATIVE_COUNT = example("INVALID", "count",
      "患者数は0以上の整数で入力してください / a number of distinct patients cannot be negative");

  @Bean
  OpenAPI optoutChainApi() {
    return new OpenAPI()
        .info(new Info().title("Opt-out Chain API").version("1")
            .description("JSON under /api, HTTP Basic against the same users as Tasklist (or the webapps' session for"
                + " reads). Commands carry a clientRequestId: a retry with the same id returns the first answer"
                + " (header Idempotent-Replay: true). Every refusal is an ApiError; its message is in Japanese with"
                + " the English beside."))
        .addSecurityItem(new SecurityRequirement().addList("basic"));
  }

  @Bean
  OpenApiCustomizer refusalsInTheSharedFormat() {
    return openApi -> {
      // Here rather than on the base document: springdoc builds the components anew from the controllers.
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents()
          .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
          .addSchemas(ERROR_SCHEMA, errorSchema());
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
        operation.getResponses()
            .addApiResponse("401", refusal("login required (HTTP Basic), or 429 with Retry-After after failed logins",
                Map.of("loginRequired", example("UNAUTHORIZED", null, "login required"))))
            .addApiResponse("default", refusal("a refusal: 400 bad input (nothing written), 403 not the caller's"
                + " to do, 404 not the caller's to see, 409 not waiting for that or the same clientRequestId for"
                + " another request, 413 too large, 503 database unavailable (Retry-After)", null));
        if (DECLARATION.equals(path) && method == PathItem.HttpMethod.POST) {
          describeDeclaration(operation);
        }
        if (PERIOD_START.equals(path) && method == PathItem.HttpMethod.POST) {
          describePeriodStart(operation);
        }
        if (PERIOD_START_HANDLE.equals(path) && method == PathItem.HttpMethod.GET) {
          operation.summary("Where the month's start for every hospital stands: state (RUNNING, DONE, FAILED),"
              + " counts, cursor (the last hospital id done) and the last error");
        }
      }));
    };
  }

  private static void describeDeclaration(Operation operation) {
    operation.summary("The hospital declares its distinct patients of the month and its digest prefix, blind")
        .getResponses()
        .addApiResponse("400", refusal("a value the rules refuse, named in field; nothing is recorded",
            Map.of("negativeCount", NEGATIVE_COUNT)))
        .addApiResponse("403", refusal("the caller is not the hospital's", null))
        .addApiResponse("404", refusal("another hospital's report, or no such month", null))
        .addApiResponse("409", refusal("the month is not waiting for the hospital's declaration", null));
  }

  /** The start answers two ways, which the one handler method cannot show by its return type. */
  private static void describePeriodStart(Operation operation) {
    operation.summary("Starts the month's reports: for the hospitals named, at once and all or none; for every"
            + " hospital (no hospitalIds), in chunks in the background, once");
    // springdoc's guess from ResponseEntity<Object>; the two real answers follow.
    operation.getResponses().remove("200");
    operation.getResponses()
        .addApiResponse("201", new ApiResponse().description("the hospitals named: the reports started"))
        .addApiResponse("202", new ApiResponse().description("every hospital: the run's handle (as GET"
            + " /api/periods/{period}/start answers it); Location and follow name where to follow it")
            .addHeaderObject("Location", new Header()
                .schema(new StringSchema().example("/api/periods/2024-12/start"))))
        .addApiResponse("409", refusal("a hospital named was started already, or the month was started for every"
            + " hospital already (name a hospital added since)", null));
  }

  private static Schema<?> errorSchema() {
    return new ObjectSchema()
        .description("Every refusal of /api, whatever its status")
        .addProperty("error", new StringSchema().description("what kind of refusal: INVALID, UNAUTHORIZED,"
            + " FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, TOO_MANY_FAILED_LOGINS, UNAVAILABLE, INTERNAL"))
        .addProperty("field", new StringSchema().description("the request field refused, when one is (absent otherwise)"))
        .addProperty("message", new StringSchema().description("the reason, in Japanese with the English beside"
            + " (\"… / …\"), quoting at most 64 characters of what was sent"))
        .required(List.of("error", "message"));
  }

  private static ApiResponse refusal(String description, Map<String, Map<String, String>> examples) {
    MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA));
    if (examples != null) {
      examples.forEach((name, value) -> json.addExamples(name, new Example().value(value)));
    }
    return new ApiResponse().description(description).content(new Content().addMediaType("application/json", json));
  }

  private static Map<String, String> example(String error, String field, String message) {
    Map<String, String> example = new LinkedHashMap<>();
    example.put("error", error);
    if (field != null) {
      example.put("field", field);
    }
    example.put("message", message);
    return example;
  }
}

package io.optoutchain.web;

import io.optoutchain.error.Rejected;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * The engine REST API as Camunda ships it, except that a task completed with values our rules
 * refuse (a form field out of bounds, the wrong party) answers 4xx with the reason, as /api does,
 * instead of a 500.
 */
@Component
public class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  @Override
  protected void registerAdditionalResources() {
    register(RefusalsAsClientErrors.class);
  }

  @Priority(1)
  public static class RefusalsAsClientErrors implements ExceptionMapper<RestException> {

    private final RestExceptionHandler camunda = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
      for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
        if (cause instanceof Rejected rejected) {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("type", "Rejected");
          body.put("field", rejected.field());
          body.put("message", rejected.getMessage());
          return Response.status(ApiExceptionHandler.status(rejected.kind()).value())
              .entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
      }
      return camunda.toResponse(exception);
    }
  }
}

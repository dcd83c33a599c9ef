package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandler;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * The engine REST API as Camunda ships it, except that a task completed with values our rules
 * refuse (a form field out of bounds, the wrong party) answers 4xx with the reason, as /api does,
 * instead of a 500, and a database outage answers 503 with Retry-After, as /api does.
 */
@Component
public class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  @Override
  protected void registerAdditionalResources() {
    register(RefusalsAsClientErrors.class);
    register(EngineFailures.class);
    register(OtherFailures.class);
  }

  /** Same priority as Camunda's mapper for engine exceptions, so Jersey picks this one. */
  @Priority(1)
  public static class EngineFailures implements ExceptionMapper<ProcessEngineException> {

    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
      return DatabaseUnavailable.causes(exception) ? unavailable() : camunda.toResponse(exception);
    }
  }

  /** Spring's own failures (no transaction could be opened) reach Camunda's catch-all mapper. */
  @Priority(1)
  public static class OtherFailures implements ExceptionMapper<Throwable> {

    private final ExceptionHandler camunda = new ExceptionHandler();

    @Override
    public Response toResponse(Throwable exception) {
      return DatabaseUnavailable.causes(exception) ? unavailable() : camunda.toResponse(exception);
    }
  }

  static Response unavailable() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "DatabaseUnavailable");
    body.put("message", "the database cannot be reached; nothing was done, retry shortly");
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
        .entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
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
          body.put("field", Bounded.text(rejected.field(), Bounded.NAME));
          body.put("message", Bounded.text(rejected.getMessage(), Bounded.MESSAGE));
          return Response.status(ApiExceptionHandler.status(rejected.kind()).value())
              .entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
      }
      return camunda.toResponse(exception);
    }
  }
}

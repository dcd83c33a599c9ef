package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandler;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * The engine REST API as Camunda ships it, except that a task completed with values our rules
 * refuse (a form field out of bounds, the wrong party) answers 4xx with the reason, as /api does,
 * instead of a 500, and a database outage answers 503 with Retry-After, as /api does. The same
 * mappers serve the webapps' engine API, the one Tasklist uses ({@link WebappEngineApiConfiguration}).
 */
@Component
public class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  /** Our mappers, by class: Jersey instantiates them, here and in the webapps' engine API. */
  static final List<Class<?>> MAPPERS = List.of(RefusalsAsClientErrors.class, EngineFailures.class,
      OtherFailures.class);

  @Override
  protected void registerAdditionalResources() {
    MAPPERS.forEach(this::register);
  }

  /** Same priority as Camunda's mapper for engine exceptions, so Jersey picks this one. */
  @Priority(1)
  public static class EngineFailures implements ExceptionMapper<ProcessEngineException> {

    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
      if (DatabaseUnavailable.causes(exception)) {
        return unavailable();
      }
      return refusal(exception).orElseGet(() -> camunda.toResponse(exception));
    }
  }

  /**
   * Spring's own failures (no transaction could be opened) reach Camunda's catch-all mapper; so does a
   * refusal that a listener threw unwrapped (starting an instance runs the start event's listeners
   * outside the engine's exception wrapping), which answers 4xx like every refusal.
   */
  @Priority(1)
  public static class OtherFailures implements ExceptionMapper<Throwable> {

    private final ExceptionHandler camunda = new ExceptionHandler();

    @Override
    public Response toResponse(Throwable exception) {
      return DatabaseUnavailable.causes(exception) ? unavailable()
          : refusal(exception).orElseGet(() -> camunda.toResponse(exception));
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
      return refusal(exception).orElseGet(() -> camunda.toResponse(exception));
    }
  }

  /**
   * A refusal, however deep the engine wrapped it, as 4xx JSON whose {@code message} (what Tasklist
   * shows) is the reason in Japanese with the English beside, and nothing of the engine's own text.
   */
  static Optional<Response> refusal(Throwable exception) {
    Optional<Rejected> rejected = Refusals.rejected(exception);
    if (rejected.isPresent()) {
      Refusals.logged(rejected.get());
      return Optional.of(refused(ApiExceptionHandler.status(rejected.get().kind()).value(), "Rejected",
          rejected.get().field(), rejected.get().getMessage()));
    }
    Optional<FormFieldValidationException> notAField = Refusals.notAFormField(exception);
    if (notAField.isPresent()) {
      Object detail = notAField.get().getDetail();
      String field = detail instanceof String name ? name : null;
      Refusals.logged("INVALID", field, Refusals.english(notAField.get().getMessage()));
      return Optional.of(refused(Response.Status.BAD_REQUEST.getStatusCode(), "Rejected", field,
          notAField.get().getMessage()));
    }
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthorizationException denied) {
        // Camunda's answer (403, the missing permissions) with a reason the operator can read first.
        Refusals.logged("FORBIDDEN", null, denied.getMessage());
        Response camunda = new ProcessEngineExceptionHandler().toResponse(denied);
        if (camunda.getEntity() instanceof ExceptionDto dto) {
          dto.setMessage(Bounded.text("この操作を行う権限がありません" + Rejected.BESIDE + dto.getMessage(), Bounded.MESSAGE));
        }
        return Optional.of(camunda);
      }
    }
    return Optional.empty();
  }

  private static Response refused(int status, String type, String field, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("field", Bounded.text(field, Bounded.NAME));
    body.put("message", Bounded.text(message, Bounded.MESSAGE));
    return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
  }
}

package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.optoutchain.error.Rejected;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns refusals into JSON: {@code {"error": ..., "field": ..., "message": ...}}. A refusal can come
 * from a task listener deep inside the engine; it is found along the cause chain.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  public record ApiError(String error, String field, String message) {}

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiInputBounds.BodyTooLarge tooLarge) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
            .body(new ApiError("TOO_LARGE", null, tooLarge.getMessage()));
      }
    }
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      // An unknown property's name is the caller's text too: bounded like any other echo.
      String field = Bounded.text(mapping.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining(".")), Bounded.NAME);
      if (mapping instanceof JsonInputConfiguration.ControlCharacterInText) {
        return ResponseEntity.badRequest().body(new ApiError("INVALID", field,
            "'" + field + "' contains a control character; text takes printable characters, line breaks and tabs"));
      }
      return ResponseEntity.badRequest().body(new ApiError("INVALID", field,
          "'" + field + "' has the wrong type (a whole number takes no fraction) or is not a known field"));
    }
    return ResponseEntity.badRequest().body(new ApiError("INVALID", null, "the request body is not valid JSON"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest().body(new ApiError("INVALID", e.getName(),
        "'" + Bounded.text(String.valueOf(e.getValue()), Bounded.NAME) + "' is not valid here"));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> any(Exception e) {
    ResponseEntity<ApiError> answer = answer(e);
    ApiError error = answer.getBody();
    // Refusals quote the caller's values; whatever their size, the answer stays a sentence.
    return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).body(new ApiError(error.error(),
        Bounded.text(error.field(), Bounded.NAME), Bounded.text(error.message(), Bounded.MESSAGE)));
  }

  private ResponseEntity<ApiError> answer(Exception e) {
    if (DatabaseUnavailable.causes(e)) {
      log.warn("Database unavailable: {}", e.toString());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS))
          .body(new ApiError("UNAVAILABLE", null, "the database cannot be reached; nothing was done, retry shortly"));
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof Rejected rejected) {
        Refusals.logged(rejected);
        return ResponseEntity.status(status(rejected.kind()))
            .body(new ApiError(rejected.kind().name(), rejected.field(), rejected.getMessage()));
      }
      if (cause instanceof FormFieldValidationException notAField) {
        Object detail = notAField.getDetail();
        String field = detail instanceof String name ? name : null;
        Refusals.logged("INVALID", field, Refusals.english(notAField.getMessage()));
        return ResponseEntity.badRequest().body(new ApiError("INVALID", field, notAField.getMessage()));
      }
      if (cause instanceof AuthorizationException) {
        Refusals.logged("FORBIDDEN", null, "not the caller's party's task: " + cause.getMessage());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new ApiError("FORBIDDEN", null,
            "このタスクはあなたの組織の担当ではありません" + Rejected.BESIDE + "this task is not your party's to work on"));
      }
      if (cause instanceof OptimisticLockingException || cause instanceof DuplicateKeyException) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("CONFLICT", null,
            "another request changed the same report at the same time; retry with the same clientRequestId"));
      }
    }
    if (e instanceof ErrorResponse spring) {
      return ResponseEntity.status(spring.getStatusCode())
          .body(new ApiError(HttpStatus.valueOf(spring.getStatusCode().value()).name(), null, e.getMessage()));
    }
    log.error("Unexpected failure", e);
    return ResponseEntity.internalServerError().body(new ApiError("INTERNAL", null, "unexpected failure; see the server log"));
  }

  static HttpStatus status(Rejected.Kind kind) {
    return HttpStatus.valueOf(kind.httpStatus());
  }
}

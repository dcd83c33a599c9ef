package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import java.util.Optional;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every channel (our /api, the engine REST API, the webapps' engine API) does with a refusal:
 * finds it however deep the engine wrapped it, and logs it once, at INFO, on one line and without a
 * stack trace; a refusal is the product working, not failing. {@link QuietRefusals} keeps the
 * engine from logging the same refusal again as an error.
 */
public final class Refusals {

  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  private Refusals() {}

  /** The rule refusal somewhere along the cause chain, if any. */
  public static Optional<Rejected> rejected(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof Rejected rejected) {
        return Optional.of(rejected);
      }
    }
    return Optional.empty();
  }

  /** A variable the task's form does not have, refused by the engine's guards, if that is what happened. */
  public static Optional<FormFieldValidationException> notAFormField(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof FormFieldValidationException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  /** True if the chain holds a refusal: what {@link QuietRefusals} looks for. */
  static boolean isRefusal(Throwable thrown) {
    return rejected(thrown).isPresent() || notAFormField(thrown).isPresent();
  }

  public static void logged(Rejected rejected) {
    log.info("Refused ({} {}): {}", rejected.kind(), rejected.field() == null ? "-" : oneLine(rejected.field()),
        oneLine(rejected.english()));
  }

  public static void logged(String kind, String field, String reason) {
    log.info("Refused ({} {}): {}", kind, field == null ? "-" : oneLine(field), oneLine(reason));
  }

  /** The English half of a bilingual message ("日本語 / English"), as the log keeps it. */
  static String english(String message) {
    int beside = message == null ? -1 : message.indexOf(Rejected.BESIDE);
    return beside < 0 ? message : message.substring(beside + Rejected.BESIDE.length());
  }

  /** The caller's text stays on one line of the log, bounded. */
  private static String oneLine(String text) {
    return text == null ? null : Bounded.text(text.replaceAll("[\\r\\n\\t]", " "), Bounded.MESSAGE);
  }
}

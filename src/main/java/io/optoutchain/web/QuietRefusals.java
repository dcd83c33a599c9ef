package io.optoutchain.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * The engine logs every exception that leaves a command at ERROR with its stack trace (ENGINE-16004,
 * logger {@code org.camunda.bpm.engine.context}), and a rule refusal thrown by a task listener is
 * such an exception. This drops those events, for refusals only: the channel that answers the
 * refusal logs it once at INFO ({@link Refusals}). Every other failure is logged as before.
 * Installed in {@code logback-spring.xml}.
 */
public class QuietRefusals extends TurboFilter {

  static final String ENGINE_LOGGERS = "org.camunda.bpm";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(Level.WARN) || logger == null
        || !logger.getName().startsWith(ENGINE_LOGGERS)) {
      return FilterReply.NEUTRAL;
    }
    if (t != null && Refusals.isRefusal(t)) {
      return FilterReply.DENY;
    }
    // Camunda's loggers pass the exception as the last argument of the message.
    if (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
        && Refusals.isRefusal(last)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}

package io.optoutchain.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a failure that says "the database cannot be reached right now" rather than "this
 * request is wrong", wherever it sits in the cause chain (Spring wraps it one way, the engine's
 * MyBatis another). Such a request did nothing and may be retried: 503 with Retry-After.
 */
final class DatabaseUnavailable {

  /** Long enough for a pool to reconnect or a failover to finish, short enough for a person waiting. */
  static final int RETRY_AFTER_SECONDS = 5;

  private DatabaseUnavailable() {}

  static boolean causes(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
          || cause instanceof TransientDataAccessResourceException
          || cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      // SQLSTATE class 08 is a connection exception; 57P01-57P03 the server shutting down or starting.
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}

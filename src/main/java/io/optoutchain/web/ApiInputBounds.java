package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What an {@code /api} request may carry: a JSON body of at most {@value #MAX_JSON_BODY} bytes
 * (413 otherwise, whether the size is announced or only found while reading) and query parameters
 * without control characters (400 naming the parameter). Checked before the login, so an oversized
 * body costs nothing. Dataset releases (text/csv) have their own limit in the release module.
 */
class ApiInputBounds extends OncePerRequestFilter {

  static final int MAX_JSON_BODY = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
      for (String value : parameter.getValue()) {
        if (ControlCharacters.in(value) || ControlCharacters.in(parameter.getKey())) {
          String name = Bounded.text(parameter.getKey(), Bounded.NAME);
          refuse(response, HttpServletResponse.SC_BAD_REQUEST, "INVALID", name,
              "'" + name + "' contains a control character; parameters take printable text only");
          return;
        }
      }
    }
    if (!isJson(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > MAX_JSON_BODY) {
      tooLarge(response);
      return;
    }
    try {
      chain.doFilter(new LimitedBody(request), response);
    } catch (BodyTooLarge | ServletException e) {
      if (!(e instanceof BodyTooLarge) && !causedByTooLarge(e)) {
        throw e;
      }
      if (!response.isCommitted()) {
        response.reset();
        tooLarge(response);
      }
    }
  }

  private static boolean causedByTooLarge(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodyTooLarge) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJson(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null && type.toLowerCase().contains("json");
  }

  private static void tooLarge(HttpServletResponse response) throws IOException {
    refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE", null,
        "a JSON request body is at most " + MAX_JSON_BODY + " bytes");
  }

  /** Answers with the same JSON shape as {@link ApiExceptionHandler}. */
  static void refuse(HttpServletResponse response, int status, String error, String field, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    JSON.writeValue(response.getOutputStream(), new ApiExceptionHandler.ApiError(error, field, message));
  }

  /** Thrown while reading past the limit; Jackson and Spring pass it up as the cause of their own. */
  static class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("request body larger than " + MAX_JSON_BODY + " bytes");
    }
  }

  private static class LimitedBody extends HttpServletRequestWrapper {

    private ServletInputStream limited;

    LimitedBody(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (limited == null) {
        limited = new Limited(super.getInputStream());
      }
      return limited;
    }
  }

  private static class Limited extends ServletInputStream {

    private final ServletInputStream body;
    private long read;

    Limited(ServletInputStream body) {
      this.body = body;
    }

    @Override
    public int read() throws IOException {
      int b = body.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = body.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLarge {
      read += n;
      if (read > MAX_JSON_BODY) {
        throw new BodyTooLarge();
      }
    }

    @Override
    public boolean isFinished() {
      return body.isFinished();
    }

    @Override
    public boolean isReady() {
      return body.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      body.setReadListener(listener);
    }
  }
}

package io.optoutchain.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.error.Rejected;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The one way the audit and history API hands a table over as a file to keep: CSV or JSON, as an
 * attachment, streamed. Rows are records: the CSV header is their component names in snake_case,
 * and the JSON is an array of the records exactly as the API writes them elsewhere.
 */
@Component
public class Downloads {

  /**
   * Excel, the regulators' usual tool, reads a CSV without a byte order mark as Shift_JIS on a
   * Japanese Windows and garbles every Japanese name; with the mark it reads UTF-8.
   */
  static final String BYTE_ORDER_MARK = "\uFEFF";

  public enum Format { CSV, JSON }

  private final ObjectMapper json;

  public Downloads(ObjectMapper json) {
    this.json = json;
  }

  /** Read before any work is done, so a wrong format is refused at once. */
  public static Format format(String value) {
    return switch (value == null ? "" : value) {
      case "csv" -> Format.CSV;
      case "json" -> Format.JSON;
      default -> throw Rejected.invalid("format", "format は csv または json です", "format is csv or json");
    };
  }

  public <R extends Record> ResponseEntity<StreamingResponseBody> of(Format format, String baseName, Class<R> type,
      List<R> rows) {
    return of(format, baseName, type, rows::forEach);
  }

  /**
   * A file named {@code baseName.csv} or {@code baseName.json}. {@code rows} runs while the response
   * is written, on another thread: check the caller's rights before, not inside it.
   */
  public <R extends Record> ResponseEntity<StreamingResponseBody> of(Format format, String baseName, Class<R> type,
      Consumer<Consumer<R>> rows) {
    RecordComponent[] columns = type.getRecordComponents();
    StreamingResponseBody body = out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      if (format == Format.CSV) {
        writer.write(BYTE_ORDER_MARK);
        writer.write(java.util.Arrays.stream(columns).map(c -> snakeCase(c.getName()))
            .collect(Collectors.joining(",")) + "\r\n");
      } else {
        writer.write("[");
      }
      boolean[] first = {true};
      rows.accept(row -> {
        try {
          if (format == Format.CSV) {
            writer.write(csvLine(columns, row));
          } else {
            writer.write((first[0] ? "" : ",") + json.writeValueAsString(row));
          }
          first[0] = false;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (format == Format.JSON) {
        writer.write("]");
      }
      writer.flush();
    };
    String extension = format.name().toLowerCase(Locale.ROOT);
    return ResponseEntity.ok()
        .contentType(format == Format.CSV ? new MediaType("text", "csv", StandardCharsets.UTF_8)
            : MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(baseName + "." + extension).build().toString())
        .body(body);
  }

  private static String csvLine(RecordComponent[] columns, Record row) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(cell(value(columns[i], row)));
    }
    return line.append("\r\n").toString();
  }

  private static Object value(RecordComponent column, Record row) {
    try {
      return column.getAccessor().invoke(row);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("a download row's " + column.getName() + " cannot be read", e);
    }
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String text = value instanceof Collection<?> values
        ? values.stream().map(String::valueOf).collect(Collectors.joining(" ")) : value.toString();
    // A cell starting like a formula would be run by Excel; an operator's typed reason could be one.
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}

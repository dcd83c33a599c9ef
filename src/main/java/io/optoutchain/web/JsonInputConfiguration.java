package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Text in an API request, in whichever field, is refused if it holds a control character: one check
 * for every field, current and future, instead of one per field. (Fractional numbers for whole-number
 * fields are refused by {@code spring.jackson.deserialization.accept-float-as-int: false}.)
 */
@Configuration(proxyBeanMethods = false)
public class JsonInputConfiguration {

  @Bean
  Module printableTextOnly() {
    return new SimpleModule("printable-text-only").addDeserializer(String.class, new PrintableText());
  }

  static class PrintableText extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = super.deserialize(parser, context);
      if (text != null && ControlCharacters.in(text)) {
        throw new ControlCharacterInText(parser, Bounded.text(text, Bounded.NAME));
      }
      return text;
    }
  }

  /** Recognised by {@link ApiExceptionHandler}, which names the field. */
  static class ControlCharacterInText extends InvalidFormatException {
    ControlCharacterInText(JsonParser parser, String boundedValue) {
      super(parser, "text contains a control character", boundedValue, String.class);
    }
  }
}

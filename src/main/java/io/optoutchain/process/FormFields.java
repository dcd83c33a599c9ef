package io.optoutchain.process;

import io.optoutchain.error.Rejected;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Reads what an operator typed into a form, whichever channel sent it (Tasklist sends numbers as
 * numbers, REST clients sometimes as text), and forgets it once recorded in our tables.
 */
public final class FormFields {

  private FormFields() {}

  /** Reads a form field as a whole number, whether the form sent it as a number or as text. */
  public static Integer integerField(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null || value instanceof Integer) {
      return (Integer) value;
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
        && Math.abs(number.doubleValue()) <= Integer.MAX_VALUE) {
      return number.intValue();
    }
    if (value instanceof String text && text.trim().matches("-?\\d{1,9}")) {
      return Integer.valueOf(text.trim());
    }
    throw Rejected.invalid(name, "整数を入力してください。受け取った値: '" + value + "'", "a whole number is required; got '" + value + "'");
  }

  public static Boolean booleanField(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
      return Boolean.valueOf(text);
    }
    throw Rejected.invalid(name, "true または false を入力してください。受け取った値: '" + value + "'",
        "true or false is required; got '" + value + "'");
  }

  public static String textField(VariableScope scope, String name) {
    Object value = scope.getVariable(name);
    return value == null ? null : value.toString();
  }

  /** Forgets form fields once recorded, so figures never linger in the process. */
  public static void removeFields(VariableScope scope, String... names) {
    for (String name : names) {
      scope.removeVariable(name);
    }
  }
}

package io.tidemark.connectors.field;

import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.LoadType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared field of a text record (a log file's line, a wiki page's property) and how its values
 * are read: numbers and text as written; dates as ISO-8601; timestamps as ISO-8601 (with an offset:
 * converted to UTC; a date alone is its midnight) or epoch milliseconds.
 */
public record FieldType(String name, LoadColumn column) {
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  /**
   * The field {@code name} of type {@code type} as written in the setting {@code setting}, whose
   * line an unknown type is reported at.
   */
  public static FieldType parse(String name, String type, LoadSpec spec, String setting) {
    String lower = type.trim().toLowerCase(Locale.ROOT);
    Matcher decimal = DECIMAL.matcher(lower);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      if (precision < 1 || precision > 38 || scale > precision) {
        throw spec.error(
            setting,
            "field " + name + ": decimal(" + precision + "," + scale + ") is out of range");
      }
      return new FieldType(name, LoadColumn.decimal(name, precision, scale));
    }
    LoadType loadType =
        switch (lower) {
          case "boolean" -> LoadType.BOOLEAN;
          case "bigint", "integer", "int" -> LoadType.BIGINT;
          case "double" -> LoadType.DOUBLE;
          case "varchar", "text", "string" -> LoadType.VARCHAR;
          case "date" -> LoadType.DATE;
          case "timestamp" -> LoadType.TIMESTAMP;
          default ->
              throw spec.error(
                  setting,
                  "field "
                      + name
                      + ": unknown type '"
                      + type
                      + "' (boolean, bigint, double, decimal(p,s), varchar, date, timestamp)");
        };
    return new FieldType(name, LoadColumn.of(name, loadType));
  }

  /** The value as its column's Java type; throws IllegalArgumentException saying why not. */
  public Object convert(Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    try {
      return switch (column.type()) {
        case BOOLEAN -> {
          if (value instanceof Boolean b) {
            yield b;
          }
          if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            yield Boolean.parseBoolean(text);
          }
          throw new IllegalArgumentException("'" + text + "' is not a boolean");
        }
        case BIGINT ->
            value instanceof Number n
                    && !(value instanceof Double)
                    && !(value instanceof BigDecimal)
                ? n.longValue()
                : Long.parseLong(text.trim());
        case DOUBLE -> Double.parseDouble(text.trim());
        case DECIMAL -> new BigDecimal(text.trim());
        case VARCHAR -> text;
        case DATE -> LocalDate.parse(text.trim());
        case TIMESTAMP -> timestamp(value, text.trim());
        case BLOB -> text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a " + column.sqlType().toLowerCase(Locale.ROOT));
    }
  }

  private static LocalDateTime timestamp(Object value, String text) {
    if (value instanceof Number number) {
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(number.longValue()), ZoneOffset.UTC);
    }
    if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return LocalDate.parse(text).atStartOfDay();
    }
    String iso = text.replace(' ', 'T');
    if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
      return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return LocalDateTime.parse(iso);
  }
}

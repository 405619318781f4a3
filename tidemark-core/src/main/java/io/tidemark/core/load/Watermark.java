package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * A high-water mark: the largest cursor value an incremental load has seen, kept as text with the
 * type that reads it back ({@code TIMESTAMP 2026-01-05 10:00:00}).
 */
public record Watermark(LoadType type, String text) implements Comparable<Watermark> {
  public Watermark {
    requireNonNull(type, "type is null");
    requireNonNull(text, "text is null");
  }

  /** The mark as the Java value of its type. */
  public Object value() {
    try {
      return switch (type) {
        case BIGINT -> Long.parseLong(text);
        case DECIMAL, DOUBLE -> new BigDecimal(text);
        case DATE -> LocalDate.parse(text);
        case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'));
        default -> text;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a " + type + " high-water mark", e);
    }
  }

  /** The later of two marks of the same cursor; a mark of another type replaces this one. */
  public Watermark max(Watermark other) {
    if (other.type != type) {
      return other;
    }
    return compareTo(other) >= 0 ? this : other;
  }

  @Override
  @SuppressWarnings("unchecked")
  public int compareTo(Watermark other) {
    if (other.type != type) {
      return type.compareTo(other.type);
    }
    return ((Comparable<Object>) value()).compareTo(other.value());
  }

  /** Stored form: {@code TYPE text}. */
  public String encoded() {
    return type.name() + " " + text;
  }

  public static Watermark decode(String encoded) {
    int space = encoded.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("'" + encoded + "' is not a stored high-water mark");
    }
    return new Watermark(
        LoadType.valueOf(encoded.substring(0, space)), encoded.substring(space + 1));
  }
}

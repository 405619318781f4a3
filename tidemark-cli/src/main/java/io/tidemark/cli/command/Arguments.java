package io.tidemark.cli.command;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for option values whose mistakes picocli would otherwise report with Java's words (a
 * class name, a parser exception) or let through to fail later (zero threads, an empty selection).
 */
public final class Arguments {
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

  private Arguments() {}

  /** A calendar day written {@code YYYY-MM-DD}. */
  public static final class Day implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      Matcher parts = ISO_DATE.matcher(value.trim());
      if (!parts.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a date; write YYYY-MM-DD, for example 2024-01-31");
      }
      int year = Integer.parseInt(parts.group(1));
      int month = Integer.parseInt(parts.group(2));
      int day = Integer.parseInt(parts.group(3));
      if (month < 1 || month > 12) {
        throw new TypeConversionException(
            "'" + value + "' is not a date: there is no month " + month);
      }
      try {
        return LocalDate.of(year, month, day);
      } catch (DateTimeException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a date: "
                + YearMonth.of(year, month)
                    .getMonth()
                    .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                + " "
                + year
                + " has "
                + YearMonth.of(year, month).lengthOfMonth()
                + " days");
      }
    }
  }

  /** A count of at least one: threads, workers. */
  public static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int number = whole(value);
      if (number < 1) {
        throw new TypeConversionException("must be at least 1, got " + number);
      }
      return number;
    }
  }

  /** A count that may be zero: retries, limits. */
  public static final class ZeroOrMore implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int number = whole(value);
      if (number < 0) {
        throw new TypeConversionException("must be 0 or more, got " + number);
      }
      return number;
    }
  }

  /**
   * A selection that says something: an empty one (an unset shell variable, {@code -s ""}) would
   * otherwise select everything, the opposite of what was meant.
   */
  public static final class Selection implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException(
            "the selection is empty; name assets (name, +name, tag:x, path:…, pipeline:x),"
                + " or leave out --select to select everything");
      }
      return value;
    }
  }

  private static int whole(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }
}

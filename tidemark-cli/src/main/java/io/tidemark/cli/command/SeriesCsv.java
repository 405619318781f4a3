package io.tidemark.cli.command;

import static java.util.Objects.requireNonNull;

import io.tidemark.anomaly.Regularised;
import io.tidemark.anomaly.Regulariser;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.SeriesKind;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a series from a {@code timestamp,value} CSV file: header optional, {@code #} comments and
 * blank lines skipped, timestamps ISO-8601 dates or date-times with or without an offset (UTC when
 * without), values numbers or empty ({@code NaN}, {@code null} and {@code NA} too) for a missing
 * point. Points may come in any order, repeat and be unevenly spaced: {@link Regulariser} makes a
 * regular series of them. Every error names the file and line.
 */
public final class SeriesCsv {
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT
          .builder()
          .setTrim(true)
          .setIgnoreSurroundingSpaces(true)
          .setIgnoreEmptyLines(true)
          .setCommentMarker('#')
          .get();

  private static final DateTimeFormatter SPACED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Values that mean a missing point, in lower case. */
  private static final Set<String> MISSING = Set.of("", "nan", "null", "na", "n/a");

  private SeriesCsv() {}

  /**
   * A series read from a file, with each point's timestamp as written and its line.
   *
   * @param regularised the regular series made of the points, and what was done to make it
   * @param timestamps the timestamps as written in the file, in the order read, to write them back
   *     unchanged
   * @param lines the line of each point, in the order read, for messages
   */
  public record Read(Path file, Regularised regularised, List<String> timestamps, long[] lines) {
    public Read {
      requireNonNull(file, "file is null");
      requireNonNull(regularised, "regularised is null");
      requireNonNull(timestamps, "timestamps is null");
      requireNonNull(lines, "lines is null");
    }

    public Series series() {
      return regularised.series();
    }

    /**
     * The timestamp of the series' point {@code index} as the file wrote it when a point of the
     * file lies there unchanged; otherwise the point's time in the style of the file's first
     * timestamp (a date, a date and time with a space, or ISO-8601 in UTC).
     */
    public String timestamp(int index) {
      int source = regularised.source(index);
      if (source >= 0) {
        return timestamps.get(source);
      }
      Instant time = series().timestamp(index);
      String style = timestamps.get(0);
      LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
      if (style.length() == 10 && utc.toLocalTime().equals(LocalTime.MIDNIGHT)) {
        return utc.toLocalDate().toString();
      }
      if (style.length() > 10 && style.charAt(10) == ' ') {
        return SPACED.format(utc);
      }
      return time.toString();
    }
  }

  public static Read read(Path file, SeriesKind kind) {
    Regulariser builder = new Regulariser(kind);
    List<String> timestamps = new ArrayList<>();
    long[] lines = new long[1024];
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
      boolean first = true;
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException e) {
          // Commons CSV reports malformed quoting this way, naming the line in its message.
          throw new TidemarkException(
              ErrorCode.INVALID_ARGUMENT,
              file + ": malformed CSV: " + Objects.requireNonNullElse(e.getCause(), e).getMessage(),
              e);
        }
        long line = parser.getCurrentLineNumber();
        if (first && isHeader(record)) {
          first = false;
          continue;
        }
        first = false;
        if (record.size() != 2) {
          throw invalid(
              file,
              line,
              "expected 2 columns (timestamp,value), found "
                  + record.size()
                  + ": '"
                  + String.join(",", record.toList())
                  + "'");
        }
        Instant timestamp = timestamp(file, line, record.get(0));
        double value = value(file, line, record.get(1));
        builder.add(timestamp, value);
        if (timestamps.size() == lines.length) {
          lines = Arrays.copyOf(lines, lines.length * 2);
        }
        lines[timestamps.size()] = line;
        timestamps.add(record.get(0));
      }
    } catch (NoSuchFileException e) {
      throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, file + ": no such file");
    } catch (IOException | UncheckedIOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, file + ": cannot read: " + e.getMessage(), e);
    }
    Regularised regularised;
    try {
      regularised = builder.build();
    } catch (IllegalArgumentException e) {
      throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, file + ": " + e.getMessage(), e);
    }
    return new Read(
        file, regularised, List.copyOf(timestamps), Arrays.copyOf(lines, timestamps.size()));
  }

  /** A first row whose value is not a number and whose timestamp does not start like one. */
  private static boolean isHeader(CSVRecord record) {
    String timestamp = record.get(0);
    if (timestamp.isEmpty() || Character.isDigit(timestamp.charAt(0))) {
      return false;
    }
    if (record.size() < 2) {
      return true;
    }
    try {
      Double.parseDouble(record.get(1));
      return false;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** An ISO-8601 date (midnight UTC), or date-time with or without an offset (UTC if without). */
  static Instant parseTimestamp(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    // "2024-01-31 13:00:00", as databases print them, is read like "2024-01-31T13:00:00".
    String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.replaceFirst(" ", "T") : text;
    TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
    LocalDateTime local = LocalDateTime.from(parsed);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
    }
    return local.toInstant(ZoneOffset.UTC);
  }

  private static Instant timestamp(Path file, long line, String text) {
    try {
      return parseTimestamp(text);
    } catch (DateTimeException e) {
      throw invalid(
          file,
          line,
          "invalid timestamp '"
              + text
              + "': expected an ISO-8601 date or date-time such as 2024-01-31,"
              + " 2024-01-31T13:00 or 2024-01-31T13:00:00+01:00");
    }
  }

  /** A number; empty, NaN, null or NA is a missing point ({@code NaN}), as is infinity. */
  private static double value(Path file, long line, String text) {
    if (MISSING.contains(text.toLowerCase(Locale.ROOT))) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw invalid(
          file,
          line,
          "invalid value '" + text + "': not a number (leave it empty for a missing point)");
    }
  }

  private static TidemarkException invalid(Path file, long line, String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, file + ":" + line + ": " + message);
  }
}

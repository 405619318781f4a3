package io.tidemark.cli.command;

import static java.util.Objects.requireNonNull;

import io.tidemark.anomaly.Series;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a series from a {@code timestamp,value} CSV file: header optional, {@code #} comments and
 * blank lines skipped, timestamps ISO-8601 dates or date-times with or without an offset (UTC when
 * without). Every error names the file and line.
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

  private SeriesCsv() {}

  /**
   * A series read from a file, with each point's timestamp as written and its line.
   *
   * @param timestamps the timestamps as written in the file, to write them back unchanged
   * @param lines the line of each point, for messages
   */
  public record Read(Path file, Series series, List<String> timestamps, long[] lines) {
    public Read {
      requireNonNull(file, "file is null");
      requireNonNull(series, "series is null");
      requireNonNull(timestamps, "timestamps is null");
      requireNonNull(lines, "lines is null");
    }
  }

  public static Read read(Path file) {
    Series.Builder builder = Series.builder();
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
        try {
          builder.add(timestamp, value);
        } catch (IllegalArgumentException e) {
          throw invalid(file, line, e.getMessage());
        }
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
    if (builder.size() < 2) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          file
              + ": too few points: "
              + builder.size()
              + " (a series needs at least two to know its step)");
    }
    return new Read(
        file, builder.build(), List.copyOf(timestamps), Arrays.copyOf(lines, timestamps.size()));
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

  private static double value(Path file, long line, String text) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw invalid(file, line, "invalid value '" + text + "': not a number");
    }
    if (!Double.isFinite(value)) {
      throw invalid(file, line, "invalid value '" + text + "': not a finite number");
    }
    return value;
  }

  private static TidemarkException invalid(Path file, long line, String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, file + ":" + line + ": " + message);
  }
}

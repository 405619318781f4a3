package io.tidemark.connectors.files;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connectors.field.FieldType;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSink;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.SourceLoader;
import io.tidemark.core.partition.PartitionKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBDriver;

/**
 * Loads log files: JSON lines or CSV, gzip-compressed or not, found by a glob under the project (or
 * an absolute path). The partition comes from the path ({@code logs/{date}/*.json.gz}) or from the
 * partition column's value in each record. Fields are declared with their types; a field the files
 * hold but the load does not declare, or whose kind of value changes, is reported as schema drift;
 * a record that cannot be read goes to the quarantine table with its file, line and reason, and is
 * counted.
 *
 * <pre>
 * load:
 *   from: files
 *   path: logs/{date}/*.json.gz
 *   format: jsonl                    # or csv, parquet; by default from the file names
 *   fields: {user_id: bigint, event_time: timestamp, action: varchar}
 * </pre>
 */
public final class FilesLoader implements SourceLoader {
  private static final List<String> KEYS = List.of("path", "format", "fields");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FORMATS = List.of("jsonl", "csv", "parquet");
  private static final int MAX_RECORD_TEXT = 2_000;

  private final Path projectRoot;

  public FilesLoader(Path projectRoot) {
    this.projectRoot = requireNonNull(projectRoot, "projectRoot is null").toAbsolutePath();
  }

  @Override
  public String type() {
    return "files";
  }

  @Override
  public void validate(LoadSpec spec) {
    spec.requireKnown(KEYS);
    spec.required("path", "a glob of the files, e.g. logs/{date}/*.json.gz");
    String format = spec.text("format").orElse("");
    if (!format.isEmpty() && !FORMATS.contains(format)) {
      throw spec.error(
          "format", "unknown format '" + format + "' (expected jsonl, csv or parquet)");
    }
    Map<String, String> fields = spec.mapping("fields");
    if (fields.isEmpty()) {
      throw spec.error(
          null, "a files load declares its fields and their types: fields: {name: type}");
    }
    fields.forEach((name, type) -> FieldType.parse(name, type, spec, "fields"));
  }

  @Override
  public void load(LoadRequest request, LoadSink sink) {
    LoadSpec spec = request.spec();
    validate(spec);
    List<FieldType> fields = new ArrayList<>();
    spec.mapping("fields")
        .forEach((name, type) -> fields.add(FieldType.parse(name, type, spec, "fields")));
    sink.columns(fields.stream().map(FieldType::column).toList());
    String pattern = spec.text("path").orElseThrow();
    boolean byPath = pattern.contains("{");
    String glob = byPath ? expand(pattern, request.partition()) : pattern;
    String partitionColumn =
        request.partitioning().isPartitioned() ? request.partitioning().column() : "";
    Reading reading =
        new Reading(request, sink, fields, partitionColumn, byPath, spec.text("format").orElse(""));
    for (Path file : files(glob, request)) {
      reading.file(file);
    }
  }

  /** The pattern with the partition's placeholders filled in: {date}, {hour}, {month}, {year}. */
  static String expand(String pattern, PartitionKey partition) {
    LocalDateTime start = partition.start();
    return pattern
        .replace("{date}", start.format(DateTimeFormatter.ISO_LOCAL_DATE))
        .replace("{hour}", start.format(DateTimeFormatter.ofPattern("HH")))
        .replace("{month}", start.format(DateTimeFormatter.ofPattern("uuuu-MM")))
        .replace("{year}", start.format(DateTimeFormatter.ofPattern("uuuu")));
  }

  private List<Path> files(String glob, LoadRequest request) {
    Path whole = projectRoot.resolve(glob).normalize();
    Path base = whole;
    while (base.getParent() != null && base.toString().matches(".*[*?\\[{].*")) {
      base = base.getParent();
    }
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole);
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SOURCE,
          "source " + request.source() + " (files): cannot list " + base + ": " + e.getMessage());
    }
  }

  /** The records of one load, file by file. */
  private final class Reading {
    private final LoadRequest request;
    private final LoadSink sink;
    private final List<FieldType> fields;
    private final int partitionField;
    private final String format;
    private final boolean byPath;
    private final Map<String, String> kinds = new HashMap<>();

    Reading(
        LoadRequest request,
        LoadSink sink,
        List<FieldType> fields,
        String partitionColumn,
        boolean byPath,
        String format) {
      this.byPath = byPath;
      this.request = request;
      this.sink = sink;
      this.fields = fields;
      int index = -1;
      for (int i = 0; i < fields.size(); i++) {
        if (fields.get(i).name().equals(partitionColumn)) {
          index = i;
        }
      }
      if (!partitionColumn.isEmpty() && index < 0) {
        throw request
            .spec()
            .error(
                "fields", "the partition column " + partitionColumn + " is not among the fields");
      }
      this.partitionField = index;
      this.format = format;
    }

    void file(Path file) {
      String name = file.getFileName().toString();
      String shown = projectRoot.relativize(file.toAbsolutePath()).toString();
      if (format.equals("parquet") || (format.isEmpty() && name.endsWith(".parquet"))) {
        parquet(file, shown);
        return;
      }
      boolean csv =
          format.equals("csv") || (format.isEmpty() && name.replace(".gz", "").endsWith(".csv"));
      try (InputStream raw = Files.newInputStream(file);
          InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
          BufferedReader reader =
              new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (csv) {
          csv(reader, shown);
        } else {
          jsonLines(reader, shown);
        }
      } catch (IOException e) {
        sink.quarantine(shown, 0, "unreadable file: " + e.getMessage(), "");
      }
    }

    private void jsonLines(BufferedReader reader, String file) throws IOException {
      String line;
      long number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          sink.quarantine(file, number, "malformed JSON: " + e.getOriginalMessage(), clip(line));
          continue;
        }
        if (node == null || !node.isObject()) {
          sink.quarantine(file, number, "not a JSON object", clip(line));
          continue;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        node.fields()
            .forEachRemaining(
                e ->
                    record.put(
                        e.getKey(),
                        e.getValue().isNull()
                            ? null
                            : e.getValue().isValueNode()
                                ? (e.getValue().isTextual()
                                    ? e.getValue().asText()
                                    : e.getValue().numberValue() != null
                                        ? e.getValue().numberValue()
                                        : e.getValue().asBoolean())
                                : e.getValue().toString()));
        record(record, file, number, line);
      }
    }

    private void csv(BufferedReader reader, String file) throws IOException {
      CSVFormat csvFormat = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
      try (CSVParser parser = CSVParser.parse(reader, csvFormat)) {
        for (CSVRecord row : parser) {
          if (!row.isConsistent()) {
            sink.quarantine(
                file,
                parser.getCurrentLineNumber(),
                "expected " + parser.getHeaderNames().size() + " values, found " + row.size(),
                clip(String.join(",", row.values())));
            continue;
          }
          Map<String, Object> record = new LinkedHashMap<>();
          row.toMap().forEach((k, v) -> record.put(k, v.isEmpty() ? null : v));
          record(record, file, parser.getCurrentLineNumber(), String.join(",", row.values()));
        }
      }
    }

    /**
     * A Parquet file, read by DuckDB's Parquet reader in an in-memory database of its own and
     * streamed row by row; a row's "line" is its position in the file. Times are handed on as ISO
     * text, so they convert as a text file's do.
     */
    private void parquet(Path file, String shown) {
      Properties streaming = new Properties();
      streaming.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
      String query =
          "select * from read_parquet('"
              + file.toAbsolutePath().toString().replace("'", "''")
              + "')";
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", streaming);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(query)) {
        ResultSetMetaData metadata = rows.getMetaData();
        int count = metadata.getColumnCount();
        long number = 0;
        while (rows.next()) {
          number++;
          Map<String, Object> record = new LinkedHashMap<>();
          for (int i = 1; i <= count; i++) {
            Object value = rows.getObject(i);
            record.put(
                metadata.getColumnLabel(i),
                value instanceof java.sql.Timestamp time
                    ? time.toLocalDateTime().toString()
                    : value instanceof java.sql.Date date
                        ? date.toLocalDate().toString()
                        : value instanceof Temporal temporal ? temporal.toString() : value);
          }
          record(record, shown, number, clip(record.toString()));
        }
      } catch (SQLException e) {
        sink.quarantine(shown, 0, "unreadable Parquet file: " + e.getMessage(), "");
      }
    }

    private void record(Map<String, Object> record, String file, long line, String text) {
      for (Map.Entry<String, Object> entry : record.entrySet()) {
        String kind =
            entry.getValue() == null
                ? null
                : entry.getValue() instanceof String
                    ? "text"
                    : entry.getValue() instanceof Boolean ? "boolean" : "number";
        if (kind == null) {
          continue;
        }
        String before = kinds.putIfAbsent(entry.getKey(), kind);
        if (before == null && fields.stream().noneMatch(f -> f.name().equals(entry.getKey()))) {
          sink.note(
              "schema drift: new field '"
                  + entry.getKey()
                  + "' first seen at "
                  + file
                  + ":"
                  + line
                  + " (not among the declared fields, not loaded)");
        } else if (before != null && !before.equals(kind)) {
          kinds.put(entry.getKey(), kind);
          sink.note(
              "schema drift: field '"
                  + entry.getKey()
                  + "' changed from "
                  + before
                  + " to "
                  + kind
                  + " at "
                  + file
                  + ":"
                  + line);
        }
      }
      Object[] values = new Object[fields.size()];
      if (partitionField >= 0) {
        FieldType field = fields.get(partitionField);
        Object time;
        try {
          time = field.convert(record.get(field.name()));
        } catch (IllegalArgumentException e) {
          // Which partition it belongs to is unknown: every load that reads the file reports it.
          sink.quarantine(file, line, "field " + field.name() + ": " + e.getMessage(), clip(text));
          return;
        }
        LocalDateTime at =
            time instanceof java.time.LocalDate date ? date.atStartOfDay() : (LocalDateTime) time;
        if (at == null) {
          sink.quarantine(
              file,
              line,
              "field " + field.name() + " is missing: the record has no partition",
              clip(text));
          return;
        }
        PartitionKey partition = request.partition();
        if (at.isBefore(partition.start()) || !at.isBefore(partition.end())) {
          // A file of the partition's own path holding a record of another time is an error in
          // the file; a file read for every partition holds the others' records by design.
          if (byPath) {
            sink.quarantine(
                file,
                line,
                "field " + field.name() + " is outside partition " + partition,
                clip(text));
          }
          return;
        }
        values[partitionField] = time;
      }
      for (int i = 0; i < values.length; i++) {
        if (i == partitionField) {
          continue;
        }
        FieldType field = fields.get(i);
        try {
          values[i] = field.convert(record.get(field.name()));
        } catch (IllegalArgumentException e) {
          sink.quarantine(file, line, "field " + field.name() + ": " + e.getMessage(), clip(text));
          return;
        }
      }
      sink.row(values);
    }
  }

  private static String clip(String text) {
    return text.length() <= MAX_RECORD_TEXT ? text : text.substring(0, MAX_RECORD_TEXT) + "…";
  }
}

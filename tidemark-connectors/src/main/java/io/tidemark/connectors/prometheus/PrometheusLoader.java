package io.tidemark.connectors.prometheus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connectors.http.HttpSource;
import io.tidemark.connectors.secret.Redaction;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSink;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.load.SourceLoader;
import io.tidemark.core.secret.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Copies series of a PromQL query into a table through Prometheus's HTTP API ({@code
 * /api/v1/query_range}): one row per series and step, the timestamp in the source's partition
 * column, the labels named in {@code labels} as text columns, the sample in a {@code DOUBLE}
 * column. Each partition is read by requests of at most {@link #MAX_POINTS} steps, the most
 * Prometheus answers for one series, so a day at one-second steps is eight requests.
 *
 * <pre>
 * load:
 *   from: prometheus
 *   url: http://prometheus.internal:9090
 *   query: sum by (job, instance) (rate(http_requests_total[5m]))
 *   step: 1m
 *   labels: {job: service, instance: host}   # label: column, or a list of labels
 *   value: requests_per_second               # default: value
 * </pre>
 */
public final class PrometheusLoader implements SourceLoader {
  /** The most steps Prometheus answers for one series of one request. */
  public static final int MAX_POINTS = 11_000;

  private static final List<String> KEYS =
      List.of(
          "url", "query", "step", "labels", "value", "timeout", "bearer_token", "user", "password");
  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final Secrets secrets;
  private final HttpSource http;

  public PrometheusLoader(Secrets secrets, HttpSource http) {
    this.secrets = requireNonNull(secrets, "secrets is null");
    this.http = requireNonNull(http, "http is null");
  }

  @Override
  public String type() {
    return "prometheus";
  }

  @Override
  public void validate(LoadSpec spec) {
    spec.requireKnown(KEYS);
    HttpSource.baseUrl(spec);
    spec.required("query", "the PromQL expression whose series are loaded");
    spec.required("step", "the resolution of the loaded series, e.g. 1m");
    spec.duration("step", Duration.ZERO);
    spec.duration("timeout", DEFAULT_TIMEOUT);
    if (spec.mode() != LoadMode.PARTITION) {
      throw spec.error(
          spec.settings().containsKey("mode") ? "mode" : null,
          "a prometheus load reads partition by partition: give the source partitioning"
              + " {grain, column} and leave mode at partition");
    }
    Map<String, String> columns = labelColumns(spec);
    String value = valueColumn(spec);
    Set<String> seen = new HashSet<>();
    for (String column : columns.values()) {
      if (!COLUMN.matcher(column).matches()) {
        throw spec.error("labels", "'" + column + "' is not a column name");
      }
      if (!seen.add(column) || column.equals(value)) {
        throw spec.error("labels", "column '" + column + "' is named twice");
      }
    }
    HttpSource.checkAuthorization(spec);
  }

  @Override
  public void load(LoadRequest request, LoadSink sink) {
    LoadSpec spec = request.spec();
    validate(spec);
    URI base = HttpSource.baseUrl(spec);
    Duration step = spec.duration("step", Duration.ZERO);
    Duration timeout = spec.duration("timeout", DEFAULT_TIMEOUT);
    Map<String, String> labels = labelColumns(spec);
    String timeColumn = request.partitioning().column();
    if (labels.containsValue(timeColumn) || valueColumn(spec).equals(timeColumn)) {
      throw spec.error(
          "labels", "column '" + timeColumn + "' is the partition column, which holds the time");
    }
    List<LoadColumn> columns = new ArrayList<>();
    columns.add(LoadColumn.of(timeColumn, LoadType.TIMESTAMP));
    labels.values().forEach(column -> columns.add(LoadColumn.of(column, LoadType.VARCHAR)));
    columns.add(LoadColumn.of(valueColumn(spec), LoadType.DOUBLE));
    sink.columns(columns);

    String where =
        "source "
            + request.source()
            + " (prometheus, "
            + HttpSource.display(base)
            + ", "
            + request.partition()
            + ")";
    Redaction redaction = new Redaction(secrets);
    var authorization = HttpSource.authorization(spec, redaction);
    Reading reading = new Reading(sink, labels, where);
    for (Window window : windows(request.partition().start(), request.partition().end(), step)) {
      String form =
          "query="
              + encode(spec.text("query").orElseThrow())
              + "&start="
              + seconds(window.first())
              + "&end="
              + seconds(window.last())
              + "&step="
              + BigDecimal.valueOf(step.toMillis(), 3).stripTrailingZeros().toPlainString();
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(base + "/api/v1/query_range"))
              .timeout(timeout)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(form));
      authorization.ifPresent(value -> builder.header("Authorization", value));
      try (InputStream body = http.send(builder.build(), where, redaction)) {
        reading.answer(body, window);
      } catch (IOException e) {
        throw new TidemarkException(
            ErrorCode.SOURCE, where + ": answer cut short: " + redaction.apply(e.getMessage()));
      }
    }
  }

  /** The steps of one request: from {@code first} to {@code last}, both included. */
  record Window(LocalDateTime first, LocalDateTime last) {}

  /**
   * The requests that read [start, end) at {@code step}: each of at most {@link #MAX_POINTS} steps,
   * the last step before {@code end}.
   */
  static List<Window> windows(LocalDateTime start, LocalDateTime end, Duration step) {
    List<Window> windows = new ArrayList<>();
    LocalDateTime first = start;
    while (first.isBefore(end)) {
      LocalDateTime last = first.plus(step.multipliedBy(MAX_POINTS - 1));
      if (!last.isBefore(end)) {
        long steps = (Duration.between(first, end).toMillis() - 1) / step.toMillis();
        last = first.plus(step.multipliedBy(steps));
      }
      windows.add(new Window(first, last));
      first = last.plus(step);
    }
    return windows;
  }

  /** The label → column mapping of {@code labels}: a list keeps label names as columns. */
  static Map<String, String> labelColumns(LoadSpec spec) {
    Object labels = spec.settings().get("labels");
    Map<String, String> columns = new LinkedHashMap<>();
    if (labels instanceof Map<?, ?>) {
      columns.putAll(spec.mapping("labels"));
    } else {
      spec.texts("labels").forEach(label -> columns.put(label, label));
    }
    // __name__ is the label Prometheus gives a series' metric name.
    columns.replaceAll((label, column) -> column.equals("__name__") ? "metric" : column);
    return columns;
  }

  private static String valueColumn(LoadSpec spec) {
    String value = spec.text("value").orElse("value");
    if (!COLUMN.matcher(value).matches()) {
      throw spec.error("value", "'" + value + "' is not a column name");
    }
    return value;
  }

  private static String seconds(LocalDateTime time) {
    return BigDecimal.valueOf(time.toInstant(ZoneOffset.UTC).toEpochMilli(), 3)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** The answers of one load, read as they stream in: a series at a time, never a whole answer. */
  private static final class Reading {
    private final LoadSink sink;
    private final Map<String, String> labels;
    private final String where;
    private final Set<String> undeclared = new HashSet<>();

    Reading(LoadSink sink, Map<String, String> labels, String where) {
      this.sink = sink;
      this.labels = labels;
      this.where = where;
    }

    void answer(InputStream body, Window window) throws IOException {
      try (JsonParser parser = FACTORY.createParser(body)) {
        parser.setCodec(JSON);
        expect(parser.nextToken() == JsonToken.START_OBJECT, "an answer that is not an object");
        String status = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          switch (field) {
            case "status" -> status = parser.getText();
            case "data" -> data(parser, window);
            case "warnings" -> {
              JsonNode warnings = parser.readValueAsTree();
              warnings.forEach(w -> sink.note(where + ": Prometheus warns: " + w.asText()));
            }
            case "error" ->
                throw new TidemarkException(ErrorCode.QUERY, where + ": " + parser.getText());
            default -> parser.skipChildren();
          }
        }
        expect(status.equals("success"), "status '" + status + "'");
      }
    }

    private void data(JsonParser parser, Window window) throws IOException {
      expect(parser.currentToken() == JsonToken.START_OBJECT, "data that is not an object");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("resultType")) {
          expect(
              parser.getText().equals("matrix"),
              "a result of type '" + parser.getText() + "' (a range query answers a matrix)");
        } else if (field.equals("result")) {
          expect(parser.currentToken() == JsonToken.START_ARRAY, "a result that is not a list");
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            // One series holds at most MAX_POINTS samples: a tree of it is bounded.
            series(parser.readValueAsTree(), window);
          }
        } else {
          parser.skipChildren();
        }
      }
    }

    private void series(JsonNode series, Window window) {
      JsonNode metric = series.path("metric");
      Iterator<String> names = metric.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!labels.containsKey(name) && undeclared.add(name)) {
          sink.note(
              where
                  + ": label '"
                  + name
                  + "' is not among the loaded labels (not loaded); series differing only"
                  + " by it share their other columns");
        }
      }
      Object[] row = new Object[labels.size() + 2];
      int i = 1;
      for (String label : labels.keySet()) {
        JsonNode value = metric.get(label);
        row[i++] = value == null ? null : value.asText();
      }
      if (series.has("histograms")) {
        sink.note(where + ": native histogram samples are not loaded");
      }
      for (JsonNode point : series.path("values")) {
        expect(point.isArray() && point.size() == 2, "a sample that is not [time, value]");
        long millis = point.get(0).decimalValue().movePointRight(3).longValue();
        LocalDateTime at = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        if (at.isBefore(window.first()) || at.isAfter(window.last())) {
          continue;
        }
        Object[] values = row.clone();
        values[0] = at;
        values[values.length - 1] = sample(point.get(1).asText());
        sink.row(values);
      }
    }

    private static Double sample(String text) {
      return switch (text) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(text);
      };
    }

    private void expect(boolean condition, String what) {
      if (!condition) {
        throw new TidemarkException(ErrorCode.SOURCE, where + ": not a Prometheus answer: " + what);
      }
    }
  }
}

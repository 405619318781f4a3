package io.tidemark.core.quality;

import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Direction;
import io.tidemark.anomaly.SeasonalPeriod;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code checks:} of an asset or of one of its columns. An item is a check's name ({@code
 * - not_null}) or a one-key mapping from the name to its settings ({@code - unique: [a, b]}, {@code
 * - row_count: {min: 1}}, {@code - expression: "amount >= 0"}). Every problem names the file and
 * line.
 */
public final class CheckReader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhd])");
  private static final String TYPES =
      "not_null, unique, accepted_values, relationships, row_count, freshness, expression, sql,"
          + " volume_anomaly, reconciliation";

  private final Function<String, Optional<AssetName>> resolve;
  private final boolean onSource;

  /**
   * @param resolve finds an asset by {@code schema.table} or by a model's name
   * @param onSource whether the checks read are a source's (only sources' partitions arrive)
   */
  public CheckReader(Function<String, Optional<AssetName>> resolve, boolean onSource) {
    this.resolve = resolve;
    this.onSource = onSource;
  }

  /**
   * The checks of a list; {@code column} is the column they belong to, or null for asset checks. A
   * {@code volume_anomaly: off} item yields no check and is reported through {@code volumeOff}.
   */
  public List<Check> read(YamlNode list, String column, Runnable volumeOff) {
    List<Check> checks = new ArrayList<>();
    for (YamlNode item : list.items()) {
      String type;
      YamlNode settings;
      if (item.isScalar()) {
        type = item.text();
        settings = null;
      } else if (item.isMapping() && item.entries().size() == 1) {
        Map.Entry<String, YamlNode> entry = item.entries().entrySet().iterator().next();
        type = entry.getKey();
        settings = entry.getValue();
      } else {
        throw item.error("a check is a name or a mapping of one name to its settings");
      }
      Check check = read(item, type.trim().toLowerCase(Locale.ROOT), settings, column);
      if (check == null) {
        volumeOff.run();
      } else {
        checks.add(check);
      }
    }
    return checks;
  }

  private Check read(YamlNode item, String type, YamlNode settings, String column) {
    Settings s = new Settings(item, settings);
    Severity severity = s.severity(type.equals("volume_anomaly") ? Severity.WARN : Severity.ERROR);
    var location = item.location();
    return switch (type) {
      case "not_null" -> {
        s.known("severity", "name");
        String col = s.column(column);
        yield new Check.NotNull(s.name("not_null(" + col + ")"), severity, location, col);
      }
      case "unique" -> {
        s.known("severity", "name", "columns");
        List<String> columns = s.list("columns", column);
        yield new Check.Unique(
            s.name("unique(" + String.join(",", columns) + ")"), severity, location, columns);
      }
      case "accepted_values" -> {
        s.known("severity", "name", "values", "column");
        String col = s.column(column);
        List<String> values = s.list("values", null);
        yield new Check.AcceptedValues(
            s.name("accepted_values(" + col + ")"), severity, location, col, values);
      }
      case "relationships" -> {
        s.known("severity", "name", "to", "field", "column");
        String col = s.column(column);
        YamlNode toNode = s.require("to");
        AssetName to =
            resolve
                .apply(toNode.text())
                .orElseThrow(() -> toNode.error("unknown asset '" + toNode.text() + "'"));
        String field = s.text("field", col);
        yield new Check.Relationships(
            s.name("relationships(" + col + ")"), severity, location, col, to, field);
      }
      case "row_count" -> {
        s.known("severity", "name", "min", "max");
        long min = s.number("min", -1);
        long max = s.number("max", -1);
        if (min < 0 && max < 0) {
          throw item.error("row_count needs min, max or both");
        }
        yield new Check.RowCount(s.name("row_count"), severity, location, min, max);
      }
      case "freshness" -> {
        s.known("severity", "name", "column", "warn_after", "error_after");
        // Under a column or with column: how old the newest value is; otherwise how late the
        // partition's data arrived.
        String col = column != null || s.has("column") ? s.column(column) : null;
        Duration warn = s.duration("warn_after");
        Duration error = s.duration("error_after");
        if (warn == null && error == null) {
          throw item.error("freshness needs warn_after, error_after or both (e.g. 6h, 1d)");
        }
        if (col == null && !onSource) {
          throw item.error(
              "freshness without a column judges when a source's partitions arrive; on a model,"
                  + " name the column whose newest value to judge: freshness: {column: ...}");
        }
        yield new Check.Freshness(
            s.name(col == null ? "freshness" : "freshness(" + col + ")"),
            severity,
            location,
            col,
            warn,
            error);
      }
      case "expression" -> {
        s.known("severity", "name", "condition");
        String condition = s.main("condition");
        yield new Check.Expression(
            s.name("expression(" + condition + ")"), severity, location, condition);
      }
      case "sql" -> {
        s.known("severity", "name", "query");
        String query = s.main("query");
        yield new Check.Sql(s.name("sql"), severity, location, query);
      }
      case "volume_anomaly" -> {
        if (settings != null
            && settings.isScalar()
            && List.of("off", "false", "no").contains(settings.text().toLowerCase(Locale.ROOT))) {
          yield null;
        }
        s.known(
            "severity", "name", "detector", "sensitivity", "direction", "period", "min_history");
        yield volume(s, severity, item);
      }
      case "reconciliation" -> {
        s.known("severity", "name", "with", "key", "columns", "tolerance");
        YamlNode withNode = s.require("with");
        AssetName with =
            resolve
                .apply(withNode.text())
                .orElseThrow(() -> withNode.error("unknown asset '" + withNode.text() + "'"));
        List<String> key = s.list("key", null);
        Map<String, String> compared = new LinkedHashMap<>();
        s.get("columns")
            .ifPresent(
                c -> {
                  if (c.isMapping()) {
                    c.entries().forEach((mine, theirs) -> compared.put(mine, theirs.text()));
                  } else {
                    c.items().forEach(n -> compared.put(n.text(), n.text()));
                  }
                });
        double tolerance = s.decimal("tolerance", 0);
        yield new Check.Reconciliation(
            s.name("reconciliation(" + with + ")"),
            severity,
            location,
            with,
            key,
            compared,
            tolerance);
      }
      default -> throw item.error("unknown check type '" + type + "' (known: " + TYPES + ")");
    };
  }

  /** The check every partitioned asset gets unless it says {@code volume_anomaly: off}. */
  public static Check.VolumeAnomaly defaultVolume(io.tidemark.core.asset.SourceLocation location) {
    return new Check.VolumeAnomaly(
        "volume_anomaly",
        Severity.WARN,
        location,
        DetectorType.SEASONAL.label(),
        DetectorSettings.defaults());
  }

  private static Check volume(Settings s, Severity severity, YamlNode item) {
    DetectorSettings settings = DetectorSettings.defaults();
    String detector = DetectorType.SEASONAL.label();
    try {
      if (s.get("detector").isPresent()) {
        detector = DetectorType.parse(s.get("detector").get().text()).label();
      }
      if (s.get("sensitivity").isPresent()) {
        settings = settings.withSensitivity(s.decimal("sensitivity", 0));
      }
      if (s.get("direction").isPresent()) {
        settings = settings.withDirection(Direction.parse(s.get("direction").get().text()));
      }
      if (s.get("period").isPresent()) {
        settings = settings.withPeriod(SeasonalPeriod.parse(s.get("period").get().text()));
      }
      if (s.get("min_history").isPresent()) {
        settings = settings.withMinimumHistory((int) s.number("min_history", 0));
      }
    } catch (IllegalArgumentException e) {
      throw item.error("volume_anomaly: " + e.getMessage());
    }
    return new Check.VolumeAnomaly(
        s.name("volume_anomaly"), severity, item.location(), detector, settings);
  }

  /** A check's settings: a mapping, a list (columns or values), a text, or nothing. */
  private static final class Settings {
    private final YamlNode item;
    private final YamlNode node;

    Settings(YamlNode item, YamlNode node) {
      this.item = item;
      this.node = node;
    }

    Optional<YamlNode> get(String key) {
      return node != null && node.isMapping() ? node.get(key) : Optional.empty();
    }

    void known(String... keys) {
      if (node != null && node.isMapping()) {
        node.requireKnownKeys("check settings", keys);
      }
    }

    YamlNode require(String key) {
      return get(key).orElseThrow(() -> item.error("the check needs '" + key + "'"));
    }

    Severity severity(Severity fallback) {
      Optional<YamlNode> value = get("severity");
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        return Severity.parse(value.get().text());
      } catch (IllegalArgumentException e) {
        throw value.get().error(e.getMessage());
      }
    }

    String name(String fallback) {
      return get("name").map(YamlNode::text).orElse(fallback);
    }

    String text(String key, String fallback) {
      return get(key).map(YamlNode::text).orElse(fallback);
    }

    /** The column of a column check, or the {@code column:} of an asset check. */
    boolean has(String key) {
      return node != null && node.isMapping() && node.get(key).isPresent();
    }

    String column(String column) {
      if (node != null && node.isMapping() && node.get("column").isPresent()) {
        return node.get("column").get().text();
      }
      if (column == null) {
        throw item.error("this check belongs under a column, or needs 'column:'");
      }
      return column;
    }

    /** A list given directly ({@code unique: [a, b]}) or under {@code key}. */
    List<String> list(String key, String fallback) {
      if (node != null && node.isSequence()) {
        return node.items().stream().map(YamlNode::text).toList();
      }
      if (node != null && node.isMapping() && node.get(key).isPresent()) {
        return node.texts(key);
      }
      if (fallback != null) {
        return List.of(fallback);
      }
      throw item.error("the check needs '" + key + "' (a list)");
    }

    /** The main text given directly ({@code expression: "x > 0"}) or under {@code key}. */
    String main(String key) {
      if (node != null && node.isScalar() && !node.text().isBlank()) {
        return node.text();
      }
      return require(key).text();
    }

    long number(String key, long fallback) {
      Optional<YamlNode> value = get(key);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        return Long.parseLong(value.get().text().trim());
      } catch (NumberFormatException e) {
        throw value.get().error("'" + key + "' must be a whole number");
      }
    }

    double decimal(String key, double fallback) {
      Optional<YamlNode> value = get(key);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        return Double.parseDouble(value.get().text().trim());
      } catch (NumberFormatException e) {
        throw value.get().error("'" + key + "' must be a number");
      }
    }

    Duration duration(String key) {
      Optional<YamlNode> value = get(key);
      if (value.isEmpty()) {
        return null;
      }
      Matcher m = DURATION.matcher(value.get().text().trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw value.get().error("'" + key + "' must be a duration such as 30m, 6h or 2d");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }
}

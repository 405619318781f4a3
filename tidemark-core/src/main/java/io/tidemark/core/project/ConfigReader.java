package io.tidemark.core.project;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.tidemark.core.warehouse.ByteSize;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code tidemark.yml}. */
final class ConfigReader {
  private static final Pattern ENV =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,8}");

  private final UnaryOperator<String> environment;
  private final WarehouseProviders warehouses;

  ConfigReader(UnaryOperator<String> environment, WarehouseProviders warehouses) {
    this.environment = environment;
    this.warehouses = warehouses;
  }

  ProjectConfig read(Path file, Path displayName) {
    YamlNode root = YamlNode.read(file, displayName);
    if (!root.isMapping()) {
      throw root.error("tidemark.yml must be a mapping");
    }
    root.requireKnownKeys(
        "tidemark.yml",
        "name",
        "start",
        "warehouse",
        "state",
        "schema",
        "run",
        "vars",
        "pipelines",
        "file_access",
        "secrets",
        // Read by the server (its tokens, its alerts) and by costs; the other commands leave them.
        "server",
        "alerts",
        "costs");
    YamlNode nameNode = root.get("name").orElseThrow(() -> root.error("'name' is required"));
    String name = nameNode.text();
    LocalDate start = date(root.get("start").orElseThrow(() -> root.error("'start' is required")));

    WarehouseConfig warehouse = warehouse(root);
    String stateUrl = ProjectConfig.DEFAULT_STATE_URL;
    if (root.get("state").isPresent()) {
      YamlNode state = root.get("state").get();
      state.requireKnownKeys("state", "url");
      stateUrl = expand(state.get("url").orElse(null), stateUrl);
      if (!stateUrl.startsWith("jdbc:sqlite:") && !stateUrl.startsWith("jdbc:postgresql:")) {
        throw state
            .get("url")
            .orElseThrow()
            .error(
                "state url must be jdbc:sqlite:FILE or jdbc:postgresql://…, got '"
                    + stateUrl
                    + "'");
      }
      if (stateUrl.startsWith("jdbc:sqlite:")) {
        String stateFile = stateUrl.substring("jdbc:sqlite:".length());
        int options = stateFile.indexOf('?');
        insideProject(
            state.get("url").orElseThrow(),
            options < 0 ? stateFile : stateFile.substring(0, options));
      }
    }
    String schema = root.text("schema", "main");
    if (!io.tidemark.core.asset.AssetName.isIdentifier(schema)) {
      throw root.get("schema").orElseThrow().error("'" + schema + "' is not a valid schema name");
    }

    int threads = 4;
    int retries = 1;
    Duration backoff = Duration.ofSeconds(1);
    int confirmAbove = ProjectConfig.DEFAULT_CONFIRM_ABOVE;
    if (root.get("run").isPresent()) {
      YamlNode run = root.get("run").get();
      run.requireKnownKeys("run", "threads", "retries", "retry_backoff", "confirm_above");
      confirmAbove = run.integer("confirm_above", confirmAbove);
      if (confirmAbove < 1) {
        throw run.get("confirm_above").orElseThrow().error("confirm_above must be at least 1");
      }
      threads = run.integer("threads", threads);
      retries = run.integer("retries", retries);
      if (threads < 1) {
        throw run.get("threads").orElseThrow().error("threads must be at least 1");
      }
      if (retries < 0) {
        throw run.get("retries").orElseThrow().error("retries cannot be negative");
      }
      if (run.get("retry_backoff").isPresent()) {
        backoff = duration(run.get("retry_backoff").get());
      }
    }

    Map<String, Object> vars = new LinkedHashMap<>();
    root.get("vars").ifPresent(v -> v.entries().forEach((k, n) -> vars.put(k, n.toPlain())));

    Map<String, Pipeline> pipelines =
        root.get("pipelines").map(ConfigReader::pipelines).orElse(Map.of());
    List<String> fileAccess = new ArrayList<>();
    if (root.get("file_access").isPresent()) {
      for (YamlNode directory : root.get("file_access").get().items()) {
        insideProject(directory, directory.text());
        fileAccess.add(directory.text());
      }
    }
    return new ProjectConfig(
        name,
        start,
        warehouse,
        stateUrl,
        schema,
        threads,
        retries,
        backoff,
        confirmAbove,
        vars,
        pipelines,
        fileAccess);
  }

  private static Map<String, Pipeline> pipelines(YamlNode declared) {
    Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    Map<String, YamlNode> afterNodes = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> entry : declared.entries().entrySet()) {
      String name = entry.getKey();
      YamlNode pipeline = entry.getValue();
      String what = "pipeline '" + name + "'";
      pipeline.requireKnownKeys(
          what, "description", "schedule", "timezone", "delay", "catchup", "after", "wait_timeout");
      String schedule = pipeline.text("schedule", "");
      if (!schedule.isEmpty()) {
        checkCron(pipeline.get("schedule").get(), schedule);
      }
      ZoneId zone = Pipeline.UTC;
      if (pipeline.get("timezone").isPresent()) {
        YamlNode node = pipeline.get("timezone").get();
        try {
          zone = ZoneId.of(node.text().trim());
        } catch (DateTimeException e) {
          throw node.error(
              what + ": unknown timezone '" + node.text() + "' (examples: UTC, Asia/Seoul)");
        }
      }
      Duration delay = pipeline.get("delay").map(ConfigReader::duration).orElse(Duration.ZERO);
      Duration catchup = Duration.ZERO;
      if (pipeline.get("catchup").isPresent()) {
        YamlNode node = pipeline.get("catchup").get();
        String text = node.text().trim();
        catchup = text.equals("none") || text.equals("false") ? Duration.ZERO : duration(node);
      }
      Duration waitTimeout =
          pipeline
              .get("wait_timeout")
              .map(ConfigReader::duration)
              .orElse(Pipeline.DEFAULT_WAIT_TIMEOUT);
      List<String> after = new ArrayList<>();
      if (pipeline.get("after").isPresent()) {
        YamlNode node = pipeline.get("after").get();
        afterNodes.put(name, node);
        for (YamlNode item : node.isSequence() ? node.items() : List.of(node)) {
          after.add(item.text().trim());
        }
      }
      pipelines.put(
          name,
          new Pipeline(
              name,
              pipeline.text("description", ""),
              schedule,
              zone,
              delay,
              catchup,
              after,
              waitTimeout));
    }
    afterNodes.forEach(
        (name, node) -> {
          for (String other : pipelines.get(name).after()) {
            if (!pipelines.containsKey(other)) {
              throw node.error(
                  "pipeline '"
                      + name
                      + "' runs after unknown pipeline '"
                      + other
                      + "' (declared: "
                      + String.join(", ", pipelines.keySet())
                      + ")");
            }
          }
          List<String> cycle = afterCycle(pipelines, name);
          if (!cycle.isEmpty()) {
            throw node.error(
                "pipelines wait for each other in a circle: " + String.join(" -> ", cycle));
          }
        });
    return pipelines;
  }

  /** The pipelines from {@code start} back to itself through {@code after}, or none. */
  private static List<String> afterCycle(Map<String, Pipeline> pipelines, String start) {
    java.util.Deque<List<String>> paths = new java.util.ArrayDeque<>();
    paths.add(List.of(start));
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (!paths.isEmpty()) {
      List<String> path = paths.removeFirst();
      for (String next : pipelines.get(path.get(path.size() - 1)).after()) {
        List<String> longer = new ArrayList<>(path);
        longer.add(next);
        if (next.equals(start)) {
          return longer;
        }
        if (seen.add(next)) {
          paths.addLast(longer);
        }
      }
    }
    return List.of();
  }

  /**
   * The {@code warehouse:} section: a type some installed engine claims, and the settings that
   * engine declares, with their defaults.
   */
  private WarehouseConfig warehouse(YamlNode root) {
    Optional<YamlNode> section = root.get("warehouse");
    if (section.isPresent() && !section.get().isMapping()) {
      throw section.get().error("warehouse must be a mapping (type: and the engine's settings)");
    }
    Optional<YamlNode> typeNode = section.flatMap(node -> node.get("type"));
    String type = typeNode.map(YamlNode::text).orElse(WarehouseProviders.DEFAULT_TYPE);
    Optional<WarehouseProvider> provider = warehouses.find(type);
    if (provider.isEmpty()) {
      if (typeNode.isPresent()) {
        throw typeNode
            .get()
            .error("unknown warehouse type '" + type + "' (known: " + warehouses.known() + ")");
      }
      throw section
          .orElse(root)
          .error(
              "no warehouse type given and the default, "
                  + type
                  + ", is not installed; set warehouse.type (known: "
                  + warehouses.known()
                  + ")");
    }
    List<WarehouseSetting> declared = provider.get().settings();
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    if (section.isPresent()) {
      List<String> known = new ArrayList<>();
      known.add("type");
      declared.forEach(setting -> known.add(setting.name()));
      section.get().requireKnownKeys("warehouse (type " + type + ")", known.toArray(String[]::new));
    }
    for (WarehouseSetting setting : declared) {
      Optional<YamlNode> node = section.flatMap(s -> s.get(setting.name()));
      if (node.isEmpty()) {
        settings.put(setting.name(), setting.defaultValue());
        continue;
      }
      origins.put(setting.name(), node.get().location().toString());
      String value =
          switch (setting.kind()) {
            case TEXT -> expand(node.get(), setting.defaultValue());
            case PATH -> {
              String path = expand(node.get(), setting.defaultValue());
              insideProject(node.get(), path);
              yield path;
            }
            case BYTES -> {
              String size = expand(node.get(), setting.defaultValue()).trim();
              if (!size.isEmpty() && ByteSize.parse(size).isEmpty()) {
                throw node.get()
                    .error(
                        "warehouse."
                            + setting.name()
                            + " is '"
                            + size
                            + "', which is not a size; write a number and a unit, e.g. 512MB or"
                            + " 2GiB");
              }
              yield size;
            }
            case COUNT -> {
              String count = expand(node.get(), setting.defaultValue()).trim();
              if (!count.isEmpty() && !POSITIVE.matcher(count).matches()) {
                throw node.get()
                    .error(
                        "warehouse."
                            + setting.name()
                            + " is '"
                            + count
                            + "'; it must be a whole number of at least 1");
              }
              yield count;
            }
            case ENVIRONMENT_VARIABLE -> {
              String variable = node.get().text().trim();
              if (!variable.isEmpty() && !ENVIRONMENT_VARIABLE.matcher(variable).matches()) {
                throw node.get()
                    .error(
                        "warehouse."
                            + setting.name()
                            + " names an environment variable; '"
                            + variable
                            + "' is not a variable name (the value itself never belongs in"
                            + " tidemark.yml)");
              }
              yield variable;
            }
          };
      settings.put(setting.name(), value);
    }
    return new WarehouseConfig(type, settings, origins);
  }

  /**
   * A relative path must stay inside the project: {@code ../../etc/x} would create or read files
   * anywhere the user can write. An absolute path is taken as an explicit choice.
   */
  private static void insideProject(YamlNode node, String path) {
    Path written;
    try {
      written = Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      throw node.error("'" + path + "' is not a valid path");
    }
    if (written.isAbsolute() || path.startsWith(":memory:") || path.isEmpty()) {
      return;
    }
    Path inside = Path.of("project").resolve(written).normalize();
    if (!inside.startsWith(Path.of("project"))) {
      throw node.error(
          "'"
              + path
              + "' points outside the project; relative paths stay inside the project directory"
              + " (write an absolute path to place the file elsewhere)");
    }
  }

  static LocalDate date(YamlNode node) {
    try {
      return LocalDate.parse(node.text().trim());
    } catch (DateTimeParseException e) {
      throw node.error("'" + node.text() + "' is not a date (expected YYYY-MM-DD)");
    }
  }

  static void checkCron(YamlNode node, String expression) {
    try {
      CRON.parse(expression).validate();
    } catch (IllegalArgumentException e) {
      throw node.error("invalid cron schedule '" + expression + "': " + e.getMessage());
    }
  }

  static Duration duration(YamlNode node) {
    Matcher matcher = DURATION.matcher(node.text().trim());
    if (!matcher.matches()) {
      throw node.error("'" + node.text() + "' is not a duration (examples: 500ms, 2s, 1m, 1h, 3d)");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Replaces {@code ${VAR}} and {@code ${VAR:-default}} with environment values. */
  private String expand(YamlNode node, String fallback) {
    if (node == null) {
      return fallback;
    }
    Matcher matcher = ENV.matcher(node.text());
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = environment.apply(matcher.group(1));
      if (value == null) {
        value = matcher.group(2);
      }
      if (value == null) {
        throw node.error("environment variable " + matcher.group(1) + " is not set");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}

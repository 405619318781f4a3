package io.tidemark.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped Grafana dashboard's panels, drawn without Grafana: each panel's PromQL runs through
 * Prometheus's HTTP API over a time range, and the results are laid out on the dashboard's grid in
 * one self-contained HTML page (time series drawn by uPlot, stats and bar gauges as their last
 * values), which a headless Chromium turns into a PNG.
 *
 * <p>Run against any Prometheus that scrapes a Tidemark server (the test class path):
 *
 * <pre>
 * java -cp ... io.tidemark.server.DashboardPanels http://127.0.0.1:9090 30 ../docs/images/dashboard
 * </pre>
 *
 * draws the last 30 minutes into {@code dashboard.html} and {@code dashboard.png}.
 */
final class DashboardPanels {
  /** The shipped dashboard, from the module's directory (where the build runs the tests). */
  static final Path DASHBOARD = Path.of("..", "ops", "grafana", "dashboards", "tidemark.json");

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The page's width in pixels; Grafana's grid of 24 columns spans it. */
  static final int WIDTH = 1600;

  /** Grafana's grid row height. */
  static final int ROW_PIXELS = 30;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  /** One line or bar of a panel: its legend and its points as seconds and values. */
  record Series(String name, List<double[]> points) {
    double last() {
      return points.isEmpty() ? Double.NaN : points.get(points.size() - 1)[1];
    }
  }

  /** A panel with what its queries returned; a row panel has no series. */
  record Panel(String type, String title, String unit, JsonNode gridPos, List<Series> series) {
    boolean isRow() {
      return "row".equals(type);
    }
  }

  private DashboardPanels() {}

  /**
   * Runs every panel's queries over {@code start..end}. {@code variables} replace the dashboard's
   * template variables (such as {@code $job}); {@code $__rate_interval} becomes {@code
   * rateInterval}.
   */
  static List<Panel> query(
      JsonNode dashboard,
      PrometheusApi prometheus,
      Instant start,
      Instant end,
      Duration step,
      Duration rateInterval,
      Map<String, String> variables) {
    List<Panel> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      List<Series> series = new ArrayList<>();
      for (JsonNode target : panel.path("targets")) {
        String promql =
            target.path("expr").asText().replace("$__rate_interval", promDuration(rateInterval));
        for (Map.Entry<String, String> variable : variables.entrySet()) {
          promql = promql.replace("$" + variable.getKey(), variable.getValue());
        }
        for (JsonNode result : prometheus.queryRange(promql, start, end, step)) {
          List<double[]> points = new ArrayList<>();
          for (JsonNode value : result.path("values")) {
            double number = Double.parseDouble(value.get(1).asText());
            if (Double.isFinite(number)) {
              points.add(new double[] {value.get(0).asDouble(), number});
            }
          }
          series.add(new Series(legend(target.path("legendFormat").asText(), result), points));
        }
      }
      panels.add(
          new Panel(
              panel.path("type").asText(),
              panel.path("title").asText(),
              panel.at("/fieldConfig/defaults/unit").asText("none"),
              panel.path("gridPos"),
              series));
    }
    return panels;
  }

  /** A legend format's {@code {{label}}} replaced by the series' labels. */
  static String legend(String format, JsonNode result) {
    JsonNode labels = result.path("metric");
    if (format.isBlank()) {
      return labels.toString();
    }
    Matcher matcher = LEGEND.matcher(format);
    StringBuilder legend = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          legend, Matcher.quoteReplacement(labels.path(matcher.group(1)).asText()));
    }
    matcher.appendTail(legend);
    return legend.toString().strip();
  }

  /** The page: the panels on the dashboard's grid, uPlot's script and style inlined. */
  static String html(String title, List<Panel> panels, Instant start, Instant end) {
    ArrayNode data = JSON.createArrayNode();
    for (Panel panel : panels) {
      ObjectNode node = data.addObject();
      node.put("type", panel.type()).put("title", panel.title()).put("unit", panel.unit());
      node.set("gridPos", panel.gridPos());
      if ("timeseries".equals(panel.type())) {
        node.set("aligned", aligned(panel.series()));
      } else {
        ArrayNode values = node.putArray("values");
        for (Series series : panel.series()) {
          values.addObject().put("name", series.name()).put("value", series.last());
        }
      }
    }
    ObjectNode page = JSON.createObjectNode();
    page.put("title", title).put("from", start.toString()).put("to", end.toString());
    page.set("panels", data);
    String template = resource("dashboard-panels.html");
    return template
        .replace("/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"))
        .replace("/*UPLOT_JS*/", resource(UPLOT + "uPlot.iife.min.js"))
        .replace("/*PAGE*/", page.toString().replace("</", "<\\/"));
  }

  /** The page's height in pixels: the grid's lowest edge and the header. */
  static int height(List<Panel> panels) {
    int rows = 0;
    for (Panel panel : panels) {
      rows = Math.max(rows, panel.gridPos().path("y").asInt() + panel.gridPos().path("h").asInt());
    }
    return rows * (ROW_PIXELS + 6) + 90;
  }

  /** A time series panel's series on one time axis, {@code null} where a series has no point. */
  private static JsonNode aligned(List<Series> series) {
    TreeSet<Double> times = new TreeSet<>();
    series.forEach(s -> s.points().forEach(p -> times.add(p[0])));
    ObjectNode aligned = JSON.createObjectNode();
    ArrayNode names = aligned.putArray("names");
    ArrayNode columns = aligned.putArray("data");
    ArrayNode x = columns.addArray();
    times.forEach(x::add);
    for (Series one : series) {
      names.add(one.name());
      ArrayNode y = columns.addArray();
      int next = 0;
      for (double time : times) {
        if (next < one.points().size() && one.points().get(next)[0] == time) {
          y.add(one.points().get(next++)[1]);
        } else {
          y.addNull();
        }
      }
    }
    return aligned;
  }

  /** Draws {@code html} in a headless Chromium into {@code png}, {@link #WIDTH} wide. */
  static void screenshot(Path html, Path png, int height) throws IOException, InterruptedException {
    Process chromium =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--virtual-time-budget=5000",
                "--window-size=" + WIDTH + "," + height,
                "--screenshot=" + png.toAbsolutePath(),
                html.toAbsolutePath().toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new IOException("chromium did not finish the screenshot in 120 s");
    }
    if (chromium.exitValue() != 0 || !Files.exists(png)) {
      throw new IOException("chromium exited with " + chromium.exitValue() + ", no " + png);
    }
  }

  /** Writes {@code base.html} and {@code base.png}; returns the panels drawn. */
  static List<Panel> render(
      PrometheusApi prometheus,
      Instant start,
      Instant end,
      Duration step,
      Duration rateInterval,
      Map<String, String> variables,
      Path base)
      throws IOException, InterruptedException {
    JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
    List<Panel> panels = query(dashboard, prometheus, start, end, step, rateInterval, variables);
    Path html = base.resolveSibling(base.getFileName() + ".html");
    Files.createDirectories(html.toAbsolutePath().getParent());
    Files.writeString(html, html(dashboard.path("title").asText(), panels, start, end));
    screenshot(html, base.resolveSibling(base.getFileName() + ".png"), height(panels));
    return panels;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: DashboardPanels PROMETHEUS_URL MINUTES OUTPUT_BASE");
      System.exit(2);
    }
    Instant end = Instant.now();
    Instant start = end.minus(Duration.ofMinutes(Long.parseLong(args[1])));
    List<Panel> panels =
        render(
            new PrometheusApi(args[0]),
            start,
            end,
            Duration.ofSeconds(15),
            Duration.ofMinutes(1),
            Map.of("job", PrometheusProcess.JOB, "pipeline", ".*"),
            Path.of(args[2]));
    for (Panel panel : panels) {
      if (!panel.isRow()) {
        System.out.printf("%-45s %d series%n", panel.title(), panel.series().size());
      }
    }
  }

  private static String resource(String name) {
    try (InputStream in = DashboardPanels.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String promDuration(Duration duration) {
    return duration.toSeconds() + "s";
  }
}

package io.tidemark.connectors.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connectors.http.HttpSource;
import io.tidemark.connectors.support.CollectingSink;
import io.tidemark.connectors.support.LoadSpecs;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Series loaded from a real Prometheus whose storage holds two backfilled days. */
class PrometheusLoaderTest {
  private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final PartitionKey DAY = PartitionKey.day(LocalDate.of(2024, 1, 1));

  @TempDir static Path directory;
  private static PrometheusServer prometheus;

  private final PrometheusLoader loader =
      new PrometheusLoader(Secrets.NONE, new HttpSource(HttpSource.SLEEP, Clock.systemUTC()));

  /** A counter per instance, one sample a minute for two days: a's is the minute, b's twice it. */
  static String twoDaysOfRequests() {
    StringBuilder text =
        new StringBuilder(
            "# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
    for (String instance : List.of("a", "b")) {
      for (int minute = 0; minute < 2 * 24 * 60; minute++) {
        text.append("http_requests_total{job=\"api\",instance=\"")
            .append(instance)
            .append("\"} ")
            .append(instance.equals("a") ? minute : 2 * minute)
            .append(' ')
            .append(PrometheusServer.epochSeconds(START.plusMinutes(minute)))
            .append('\n');
      }
    }
    return text.append("# EOF\n").toString();
  }

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = PrometheusServer.start(directory, twoDaysOfRequests());
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static LoadSpec spec(Map<String, ?> settings) {
    return spec(LoadMode.PARTITION, settings);
  }

  private static LoadSpec spec(LoadMode mode, Map<String, ?> settings) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("url", prometheus == null ? "http://127.0.0.1:9" : prometheus.url());
    all.putAll(settings);
    return LoadSpecs.of("prometheus", mode, all);
  }

  /** Settings in the order given, so that their lines are known. */
  private static Map<String, Object> ordered(String... keysAndValues) {
    Map<String, Object> settings = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  private CollectingSink load(LoadSpec spec, PartitionKey partition) {
    CollectingSink sink = new CollectingSink();
    loader.load(
        new LoadRequest(
            AssetName.of("raw", "requests"),
            spec,
            new Partitioning(Grain.DAY, "ts"),
            partition,
            Optional.empty()),
        sink);
    return sink;
  }

  @Test
  void everyStepOfTheDayIsARowWithItsLabelsAsColumns() {
    CollectingSink sink =
        load(
            spec(
                Map.of(
                    "query",
                    "http_requests_total",
                    "step",
                    "1m",
                    "labels",
                    Map.of("instance", "host"))),
            DAY);

    assertThat(sink.columns())
        .containsExactly(
            LoadColumn.of("ts", LoadType.TIMESTAMP),
            LoadColumn.of("host", LoadType.VARCHAR),
            LoadColumn.of("value", LoadType.DOUBLE));
    assertThat(sink.rows()).hasSize(2 * 24 * 60);
    assertThat(sink.rows())
        .allSatisfy(
            row -> assertThat((LocalDateTime) row[0]).isBetween(START, START.plusMinutes(1439)));
    assertThat(sink.rows())
        .anySatisfy(
            row ->
                assertThat(row).containsExactly(LocalDateTime.of(2024, 1, 1, 10, 0), "a", 600.0));
    assertThat(sink.rows())
        .anySatisfy(
            row ->
                assertThat(row).containsExactly(LocalDateTime.of(2024, 1, 1, 10, 0), "b", 1200.0));
    assertThat(sink.notes())
        .anySatisfy(note -> assertThat(note).contains("label 'job' is not among the loaded"));
  }

  @Test
  void aDayAtFiveSecondStepsIsReadInRequestsOfAtMostElevenThousandPoints() {
    // 17,280 steps: Prometheus refuses more than 11,000 in one request, so this takes two.
    CollectingSink sink =
        load(
            spec(
                Map.of(
                    "query",
                    "http_requests_total{instance=\"a\"}",
                    "step",
                    "5s",
                    "labels",
                    List.of("instance", "__name__"),
                    "value",
                    "requests")),
            PartitionKey.day(LocalDate.of(2024, 1, 2)));

    assertThat(sink.columns())
        .extracting(LoadColumn::name)
        .containsExactly("ts", "instance", "metric", "requests");
    assertThat(sink.rows()).hasSize(17_280);
    Set<Object> times = new HashSet<>();
    sink.rows().forEach(row -> times.add(row[0]));
    assertThat(times).hasSize(17_280);
    Object[] last = sink.rows().get(sink.rows().size() - 1);
    assertThat(last)
        .containsExactly(
            LocalDateTime.of(2024, 1, 2, 23, 59, 55), "a", "http_requests_total", 2879.0);
  }

  @Test
  void windowsCoverThePartitionWithoutOverlapAndWithinTheLimit() {
    List<PrometheusLoader.Window> windows =
        PrometheusLoader.windows(START, START.plusDays(1), Duration.ofSeconds(1));
    assertThat(windows).hasSize(8);
    long points = 0;
    LocalDateTime next = START;
    for (PrometheusLoader.Window window : windows) {
      assertThat(window.first()).isEqualTo(next);
      long steps = Duration.between(window.first(), window.last()).toSeconds() + 1;
      assertThat(steps).isBetween(1L, (long) PrometheusLoader.MAX_POINTS);
      points += steps;
      next = window.last().plusSeconds(1);
    }
    assertThat(points).isEqualTo(86_400);
    assertThat(next).isEqualTo(START.plusDays(1));

    assertThat(PrometheusLoader.windows(START, START.plusHours(1), Duration.ofHours(2)))
        .containsExactly(new PrometheusLoader.Window(START, START));
  }

  @Test
  void aQueryPrometheusRejectsIsAnErrorNamingTheSourceThatIsNotRetried() {
    assertThatThrownBy(
            () -> load(spec(Map.of("query", "rate(http_requests_total[", "step", "1m")), DAY))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .startsWith(
                      "source raw.requests (prometheus, " + prometheus.url() + ", 2024-01-01)")
                  .contains("HTTP 400")
                  .contains("parse error");
            });
  }

  @Test
  void anUnreachableServerIsASourceErrorThatIsRetried() throws Exception {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", "http://127.0.0.1:" + PrometheusServer.freePort());
    settings.put("query", "up");
    settings.put("step", "1m");
    assertThatThrownBy(() -> load(LoadSpecs.of("prometheus", LoadMode.PARTITION, settings), DAY))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SOURCE);
              assertThat(e.getMessage()).startsWith("source raw.requests (prometheus, http://");
              assertThat(e.getMessage()).contains("cannot reach");
            });
  }

  @Test
  void validateNamesTheLineOfWhatIsWrong() {
    assertThatThrownBy(() -> loader.validate(spec(Map.of("query", "up"))))
        .hasMessage(
            "models/sources.yml:10: a prometheus load needs 'step': the resolution of"
                + " the loaded series, e.g. 1m");
    assertThatThrownBy(() -> loader.validate(spec(ordered("query", "up", "step", "fast"))))
        .hasMessageStartingWith("models/sources.yml:14: 'step' must be a duration");
    assertThatThrownBy(
            () -> loader.validate(spec(LoadMode.SNAPSHOT, Map.of("query", "up", "step", "1m"))))
        .hasMessageContaining("a prometheus load reads partition by partition");
    assertThatThrownBy(
            () ->
                loader.validate(
                    spec(Map.of("query", "up", "step", "1m", "labels", List.of("job", "a-b")))))
        .hasMessageContaining("'a-b' is not a column name");
    assertThatThrownBy(
            () -> loader.validate(spec(Map.of("query", "up", "step", "1m", "user", "reader"))))
        .hasMessageContaining("basic authentication needs user and password");
    assertThatThrownBy(() -> loader.validate(spec(Map.of("query", "up", "stepp", "1m"))))
        .hasMessageContaining("unknown key 'stepp'");
  }
}

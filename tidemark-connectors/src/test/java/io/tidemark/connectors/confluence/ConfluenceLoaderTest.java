package io.tidemark.connectors.confluence;

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
import io.tidemark.core.load.Lookback;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outage reports read from a local server that answers like Confluence. */
class ConfluenceLoaderTest {
  private static final String TOKEN = "wiki-token-7f3a";
  private static final Secrets SECRETS =
      name -> {
        if (!name.equals("WIKI_TOKEN")) {
          throw new TidemarkException(ErrorCode.NOT_FOUND, "secret '" + name + "' is not set");
        }
        return TOKEN;
      };

  private final List<Duration> pauses = new ArrayList<>();
  private final ConfluenceLoader loader =
      new ConfluenceLoader(SECRETS, new HttpSource(pauses::add, Clock.systemUTC()));
  private ConfluenceServer confluence;

  @BeforeEach
  void startConfluence() throws Exception {
    confluence = new ConfluenceServer(TOKEN);
    confluence.put(
        outage(
            "101",
            "Checkout down",
            "2024-01-05T09:00:00Z",
            "2024-01-05T12:30:00Z",
            Map.of(
                "Severity",
                "<ac:structured-macro ac:name=\"status\"><ac:parameter ac:name=\"colour\">Red"
                    + "</ac:parameter><ac:parameter ac:name=\"title\">SEV-1</ac:parameter>"
                    + "</ac:structured-macro>",
                "Started",
                "<time datetime=\"2024-01-05\" />",
                "Duration (min)",
                "95",
                "Affected service",
                "payments &amp; checkout")));
    confluence.put(
        outage(
            "102",
            "Slow search",
            "2024-01-07T15:00:00Z",
            "2024-01-08T08:00:00Z",
            Map.of("Severity", "SEV-3", "Started", "2024-01-07 14:20", "Duration (min)", "40")));
    confluence.put(
        outage(
            "103",
            "Login errors",
            "2024-01-09T10:00:00Z",
            "2024-01-09T10:05:00Z",
            Map.of(
                "severity:",
                "SEV-2",
                "Started",
                "2024-01-09T09:40:00+02:00",
                "Duration (min)",
                "12")));
    confluence.put(
        new ConfluenceServer.Page(
            "900",
            "Team lunch",
            "SOCIAL",
            Set.of(),
            "Bob",
            Instant.parse("2024-01-06T10:00:00Z"),
            Instant.parse("2024-01-06T10:00:00Z"),
            1,
            "<p>Pizza.</p>"));
  }

  @AfterEach
  void stopConfluence() {
    confluence.close();
  }

  private static ConfluenceServer.Page outage(
      String id, String title, String created, String modified, Map<String, String> properties) {
    return new ConfluenceServer.Page(
        id,
        title,
        "OPS",
        Set.of("outage-report"),
        "Alice Ops",
        Instant.parse(created),
        Instant.parse(modified),
        3,
        ConfluenceServer.withProperties(new LinkedHashMap<>(properties), "What happened."));
  }

  private LoadSpec spec(LoadMode mode, String cursor, Map<String, Object> extra) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("url", confluence.url());
    settings.put("cql", "space = OPS and label = outage-report");
    settings.put("bearer_token", "${secret:WIKI_TOKEN}");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("Severity", "severity");
    properties.put("Started", "started_at timestamp");
    properties.put("Duration (min)", "duration_minutes bigint");
    properties.put("Affected service", "affected_service");
    settings.put("properties", properties);
    settings.putAll(extra);
    LoadSpec plain = LoadSpecs.of("confluence", mode, settings);
    return new LoadSpec(
        plain.type(),
        mode,
        cursor,
        List.of(),
        Lookback.NONE,
        plain.settings(),
        plain.locations(),
        plain.location(),
        plain.version());
  }

  private CollectingSink load(LoadSpec spec, Optional<Object> lowBound) {
    CollectingSink sink = new CollectingSink();
    loader.load(
        new LoadRequest(
            AssetName.of("raw", "outage_reports"),
            spec,
            Partitioning.NONE,
            PartitionKey.ALL,
            lowBound),
        sink);
    return sink;
  }

  @Test
  void pagesBecomeRowsWithTheirPropertiesAsColumns() {
    CollectingSink sink =
        load(spec(LoadMode.SNAPSHOT, "", Map.of("page_size", "2")), Optional.empty());

    assertThat(sink.columns()).startsWith(ConfluenceLoader.PAGE_COLUMNS.toArray(LoadColumn[]::new));
    assertThat(sink.columns().subList(8, 12))
        .containsExactly(
            LoadColumn.of("severity", LoadType.VARCHAR),
            LoadColumn.of("started_at", LoadType.TIMESTAMP),
            LoadColumn.of("duration_minutes", LoadType.BIGINT),
            LoadColumn.of("affected_service", LoadType.VARCHAR));
    assertThat(sink.rows()).hasSize(3);
    assertThat(sink.rows().get(0))
        .containsExactly(
            "101",
            "Checkout down",
            confluence.url() + "/spaces/OPS/pages/101",
            "OPS",
            "Alice Ops",
            LocalDateTime.of(2024, 1, 5, 9, 0),
            LocalDateTime.of(2024, 1, 5, 12, 30),
            3L,
            "SEV-1",
            LocalDateTime.of(2024, 1, 5, 0, 0),
            95L,
            "payments & checkout");
    assertThat(sink.rows().get(1)).contains("SEV-3", LocalDateTime.of(2024, 1, 7, 14, 20));
    assertThat(sink.rows().get(1)[11]).isNull();
    assertThat(sink.rows().get(2)).contains("SEV-2", LocalDateTime.of(2024, 1, 9, 7, 40));
    // Two pages of results: the second followed from the first's next link.
    assertThat(confluence.searches()).hasSize(2);
    assertThat(confluence.searches().get(0))
        .isEqualTo("(space = OPS and label = outage-report) ORDER BY created");
  }

  @Test
  void anIncrementalLoadAsksOnlyForPagesModifiedSinceTheLowBound() {
    CollectingSink sink =
        load(
            spec(LoadMode.INCREMENTAL, "last_modified", Map.of()),
            Optional.of(LocalDateTime.of(2024, 1, 8, 8, 0, 30)));

    assertThat(confluence.searches())
        .containsExactly(
            "(space = OPS and label = outage-report) AND lastmodified >= \"2024-01-08 08:00\""
                + " ORDER BY created");
    assertThat(sink.rows()).extracting(row -> row[0]).containsExactly("102", "103");
  }

  @Test
  void aRateLimitedSearchIsWaitedForAsConfluenceAsks() {
    confluence.throttleEvery(2);
    CollectingSink sink =
        load(spec(LoadMode.SNAPSHOT, "", Map.of("page_size", "1")), Optional.empty());

    assertThat(sink.rows()).extracting(row -> row[0]).containsExactly("101", "102", "103");
    assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    assertThat(confluence.requests()).isEqualTo(5);
  }

  @Test
  void aPageWithoutThePropertiesTableIsAnErrorNamingTheSourceAndThePage() {
    confluence.put(
        new ConfluenceServer.Page(
            "104",
            "Draft: DNS",
            "OPS",
            Set.of("outage-report"),
            "Alice Ops",
            Instant.parse("2024-01-10T10:00:00Z"),
            Instant.parse("2024-01-10T10:00:00Z"),
            1,
            "<p>To be written.</p>"));
    assertThatThrownBy(() -> load(spec(LoadMode.SNAPSHOT, "", Map.of()), Optional.empty()))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "source raw.outage_reports (confluence, "
                          + confluence.url()
                          + "): page 'Draft: DNS' ("
                          + confluence.url()
                          + "/spaces/OPS/pages/104) has no page-properties table; add one, or"
                          + " narrow the cql to the pages that have it");
            });
  }

  @Test
  void aValueNotOfItsTypeIsQuarantinedWithThePage() {
    confluence.put(
        outage(
            "105",
            "Queue backlog",
            "2024-01-11T10:00:00Z",
            "2024-01-11T10:00:00Z",
            Map.of(
                "Severity",
                "SEV-2",
                "Started",
                "2024-01-11 09:00",
                "Duration (min)",
                "about an hour")));
    CollectingSink sink = load(spec(LoadMode.SNAPSHOT, "", Map.of()), Optional.empty());

    assertThat(sink.rows()).hasSize(3);
    assertThat(sink.rejected())
        .containsExactly(
            new CollectingSink.Rejected(
                confluence.url() + "/spaces/OPS/pages/105",
                0,
                "property duration_minutes: 'about an hour' is not a bigint",
                "Queue backlog"));
  }

  @Test
  void aRefusedTokenIsNotRetriedAndNeverShown() throws Exception {
    confluence.close();
    confluence = new ConfluenceServer("another-token");
    assertThatThrownBy(() -> load(spec(LoadMode.SNAPSHOT, "", Map.of()), Optional.empty()))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "source raw.outage_reports (confluence, "
                          + confluence.url()
                          + "): refused (HTTP 401): This request requires authentication");
              assertThat(e.getMessage()).doesNotContain(TOKEN);
            });
  }

  @Test
  void aSearchConfluenceCannotParseIsAClearError() {
    assertThatThrownBy(
            () ->
                load(spec(LoadMode.SNAPSHOT, "", Map.of("cql", "space == OPS")), Optional.empty()))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage()).contains("HTTP 400: Could not parse cql");
            });
  }

  @Test
  void validateNamesTheLineOfWhatIsWrong() {
    assertThatThrownBy(
            () ->
                loader.validate(
                    spec(LoadMode.SNAPSHOT, "", Map.of("cql", "space = OPS order by title"))))
        .hasMessage(
            "models/sources.yml:13: leave ORDER BY out of cql: the load orders the search itself");
    assertThatThrownBy(
            () -> loader.validate(spec(LoadMode.SNAPSHOT, "", Map.of("page_size", "200"))))
        .hasMessageContaining("page_size must be between 1 and 50");
    assertThatThrownBy(
            () ->
                loader.validate(
                    spec(LoadMode.SNAPSHOT, "", Map.of("properties", Map.of("Started", "a b c")))))
        .hasMessageStartingWith("models/sources.yml:15: field a: unknown type 'b c'");
    assertThatThrownBy(() -> loader.validate(spec(LoadMode.INCREMENTAL, "id", Map.of())))
        .hasMessageContaining("follows pages by last_modified");
  }
}

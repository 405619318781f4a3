package io.tidemark.core.alert;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.Check;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Alerts for source partitions that have not arrived by the time their source's arrival check (a
 * {@code freshness} without a column) expects them: past {@code warn_after} after the partition
 * ended, and again past {@code error_after}; and, in the same thread, when they arrive.
 *
 * <p>Each {@link #look} reads the arrivals of the partitions that ended within {@link #LOOKBACK}
 * from the state store, and looks for the overdue ones in the warehouse (a scan, as a waiting fire
 * does), so data that landed but was not scanned yet is not reported missing. Only overdue sources
 * reach the warehouse. What it told is remembered per partition and level, so each is said once;
 * one instance belongs to one thread.
 */
public final class ArrivalAlerts {
  /** Partitions that ended longer ago are not looked at: they were told about then. */
  public static final Duration LOOKBACK = Duration.ofDays(7);

  private enum Level {
    WARN,
    ERROR
  }

  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final String uiUrl;
  private final Consumer<Alert> send;
  private final Map<AssetName, Map<String, Level>> told = new HashMap<>();

  /**
   * @param uiUrl the web UI's address, for the source's page; empty for none
   */
  public ArrivalAlerts(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      String uiUrl,
      Consumer<Alert> send) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.uiUrl = requireNonNull(uiUrl, "uiUrl is null");
    this.send = requireNonNull(send, "send is null");
  }

  /** Whether any source judges arrival: without one there is nothing to look at. */
  public boolean watchesAnything() {
    return project.assets().values().stream().anyMatch(asset -> arrivalCheck(asset).isPresent());
  }

  /** Looks at every source that judges arrival; sends what changed since the last look. */
  public void look() {
    Instant now = clock.instant();
    Lineage lineage = new Lineage(project, now);
    for (Asset source : project.assets().values()) {
      Optional<Check.Freshness> check = arrivalCheck(source);
      if (check.isPresent()) {
        look(lineage, source, check.get(), now);
      }
    }
  }

  private Optional<Check.Freshness> arrivalCheck(Asset asset) {
    if (!asset.isSource()) {
      return Optional.empty();
    }
    return project.checks(asset.name()).stream()
        .filter(check -> check instanceof Check.Freshness freshness && freshness.byArrival())
        .map(check -> (Check.Freshness) check)
        .filter(check -> check.warnAfter() != null || check.errorAfter() != null)
        .findFirst();
  }

  private void look(Lineage lineage, Asset source, Check.Freshness check, Instant now) {
    Duration first = check.warnAfter() != null ? check.warnAfter() : check.errorAfter();
    TimeRange window =
        new TimeRange(utc(now.minus(LOOKBACK).minus(first)), utc(now.minus(first)))
            .intersect(lineage.domain(source));
    Map<String, Level> before = told.getOrDefault(source.name(), Map.of());
    Map<String, Level> overdue = new TreeMap<>();
    if (!window.isEmpty()) {
      List<PartitionKey> keys = window.partitionsInside(source.grain());
      Map<String, PartitionState> states = states(source, window);
      List<PartitionKey> awaited = awaited(keys, states);
      if (!awaited.isEmpty()) {
        // Landed but not scanned yet is not missing: scan what looks overdue, then read again.
        TimeRange hull =
            new TimeRange(awaited.get(0).start(), awaited.get(awaited.size() - 1).end());
        try {
          new SourceScanner(lineage, warehouse, store, clock).scan(source, hull, 0);
          states = states(source, window);
          awaited = awaited(keys, states);
        } catch (TidemarkException e) {
          // A source that cannot be read has not arrived.
        }
      }
      for (PartitionKey key : awaited) {
        Duration waited = Duration.between(key.end().toInstant(ZoneOffset.UTC), now);
        overdue.put(
            key.toString(),
            check.errorAfter() != null && waited.compareTo(check.errorAfter()) > 0
                ? Level.ERROR
                : Level.WARN);
      }
    }
    List<String> news = new ArrayList<>();
    overdue.forEach(
        (key, level) -> {
          if (before.get(key) != level) {
            news.add(key);
          }
        });
    if (!news.isEmpty()) {
      send.accept(missing(source, check, overdue, news, now));
    }
    List<String> arrived =
        before.keySet().stream().filter(key -> !overdue.containsKey(key)).sorted().toList();
    if (!arrived.isEmpty() && overdue.isEmpty()) {
      send.accept(arrived(source, arrived, now));
    }
    if (overdue.isEmpty()) {
      told.remove(source.name());
    } else {
      told.put(source.name(), overdue);
    }
  }

  private Map<String, PartitionState> states(Asset source, TimeRange window) {
    return store
        .partitionsByAsset(List.of(source.name()), window)
        .getOrDefault(source.name(), Map.of());
  }

  private static List<PartitionKey> awaited(
      List<PartitionKey> keys, Map<String, PartitionState> states) {
    return keys.stream()
        .filter(key -> SourceScanner.arrival(states.get(key.toString())) == null)
        .toList();
  }

  private Alert missing(
      Asset source,
      Check.Freshness check,
      Map<String, Level> overdue,
      List<String> news,
      Instant now) {
    String firstKey = overdue.keySet().iterator().next();
    PartitionKey oldest = PartitionKey.parse(source.grain(), firstKey);
    Instant since = oldest.end().toInstant(ZoneOffset.UTC);
    List<String> details = new ArrayList<>();
    for (String key : news) {
      PartitionKey partition = PartitionKey.parse(source.grain(), key);
      Duration waited = Duration.between(partition.end().toInstant(ZoneOffset.UTC), now);
      details.add(
          source.name()
              + " "
              + key
              + ": not arrived "
              + describe(waited)
              + " after the partition ended ("
              + (overdue.get(key) == Level.ERROR ? "error" : "warning")
              + ")");
    }
    details.add(
        "expected within "
            + (check.warnAfter() == null ? "" : describe(check.warnAfter()) + " (warning)")
            + (check.warnAfter() != null && check.errorAfter() != null ? ", " : "")
            + (check.errorAfter() == null ? "" : describe(check.errorAfter()) + " (error)")
            + " of the partition's end");
    List<String> readers =
        project.graph().withDescendants(source.name()).stream()
            .map(project::asset)
            .map(Asset::pipeline)
            .filter(pipeline -> !pipeline.isBlank())
            .distinct()
            .sorted()
            .toList();
    if (!readers.isEmpty()) {
      details.add("pipelines reading it wait for it: " + String.join(", ", readers));
    }
    details.add(
        "once the load has landed, the waiting pipelines find it; the command records it now");
    String title =
        overdue.size() == 1
            ? "Source not arrived: " + source.name() + " " + firstKey
            : "Source not arrived: " + source.name() + ", " + overdue.size() + " partitions";
    return new Alert(
        key(source),
        AlertKind.SOURCE_NOT_ARRIVED,
        false,
        "",
        source.owner().isBlank() ? List.of() : List.of(source.owner()),
        title,
        "source " + source.name(),
        since,
        details,
        "tidemark sources scan --select "
            + source.name()
            + " --start "
            + firstKey
            + " --end "
            + overdue.keySet().stream().reduce((a, b) -> b).orElse(firstKey),
        link(source));
  }

  private Alert arrived(Asset source, List<String> keys, Instant now) {
    return new Alert(
        key(source),
        AlertKind.SOURCE_NOT_ARRIVED,
        true,
        "",
        source.owner().isBlank() ? List.of() : List.of(source.owner()),
        "Arrived: " + source.name() + " " + String.join(", ", keys),
        "source " + source.name(),
        now,
        List.of("every awaited partition of " + source.name() + " has its data now"),
        "",
        link(source));
  }

  private static String key(Asset source) {
    return "arrival:" + source.name();
  }

  private String link(Asset source) {
    return uiUrl.isEmpty() ? "" : uiUrl + "/#/assets/" + source.name();
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String describe(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = duration.toHours();
    return hours < 48 ? hours + " h" : duration.toDays() + " days";
  }
}

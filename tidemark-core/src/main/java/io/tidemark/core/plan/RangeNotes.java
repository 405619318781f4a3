package io.tidemark.core.plan;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.TimeRange;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a plan says about the range it was given: where it was cut to what can be built, and why a
 * selected model got no task at all. A range is never cut silently.
 */
final class RangeNotes {
  private RangeNotes() {}

  static List<String> of(Lineage lineage, Set<AssetName> selection, TimeRange range) {
    List<String> notes = new ArrayList<>();
    LocalDateTime earliest = null;
    LocalDateTime latest = null;
    List<String> unbuilt = new ArrayList<>();
    Set<Grain> grains = EnumSet.noneOf(Grain.class);
    for (AssetName name : lineage.project().graph().inTopologicalOrder(selection)) {
      Asset asset = lineage.project().asset(name);
      if (!asset.isModel() || !asset.isPartitioned()) {
        continue;
      }
      TimeRange domain = lineage.domain(asset);
      grains.add(asset.grain());
      earliest = earliest == null || domain.start().isBefore(earliest) ? domain.start() : earliest;
      latest = latest == null || domain.end().isAfter(latest) ? domain.end() : latest;
      if (lineage.partitions(asset, range).isEmpty()) {
        unbuilt.add(name + ": " + whyNothing(asset, domain, range));
      }
    }
    if (earliest != null && range.start().isBefore(earliest)) {
      notes.add(
          "the range starts "
              + day(range.start())
              + ", before the selection's first partition ("
              + day(earliest)
              + "); nothing earlier exists to build");
    }
    if (latest != null && range.end().isAfter(latest)) {
      String unit = grains.size() == 1 ? grains.iterator().next().label() : "partition";
      notes.add(
          "end "
              + day(range.end().minusNanos(1))
              + " cut to "
              + day(latest.minusNanos(1))
              + ": later "
              + unit
              + "s are not complete yet (today is "
              + today(lineage.asOf())
              + "); a "
              + unit
              + " is built once it has ended");
    }
    notes.addAll(unbuilt);
    return notes;
  }

  private static String whyNothing(Asset asset, TimeRange domain, TimeRange range) {
    Grain grain = asset.grain();
    String unit = grain.name().toLowerCase(Locale.ROOT);
    TimeRange inside = range.intersect(domain);
    if (domain.isEmpty() || !range.overlaps(domain.start(), domain.end())) {
      return "no partition in range (its partitions start "
          + asset.start()
          + " and end with the last complete "
          + unit
          + ")";
    }
    if (inside.partitionsOverlapping(grain).isEmpty()) {
      return "no partition in range";
    }
    return "not built: a "
        + unit
        + " partition is built once the whole "
        + unit
        + " has ended and lies in the range ("
        + day(inside.start())
        + ".."
        + day(inside.end().minusNanos(1))
        + " holds no whole "
        + unit
        + ")";
  }

  private static String today(ZonedDateTime now) {
    ZoneId zone = now.getZone().normalized();
    return now.toLocalDate() + " " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
  }

  private static String day(LocalDateTime time) {
    return time.toLocalDate().toString();
  }
}

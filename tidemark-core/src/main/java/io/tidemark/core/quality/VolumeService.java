package io.tidemark.core.quality;

import static java.util.Objects.requireNonNull;

import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.Series;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.StateStore;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The volume history use case: an asset's row counts with the band its volume check's detector
 * expected and the points it flags. It reads the row counts the state store keeps (never a table)
 * and records nothing.
 */
public final class VolumeService {
  private final Project project;
  private final StateStore store;
  private final Clock clock;

  public VolumeService(Project project, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The partitions of {@code name} in {@code range} from its first recorded count on. Each point is
   * judged on the whole history before it, also when that history starts before the range, so the
   * band is the one the volume check saw.
   */
  public VolumeHistory history(AssetName name, TimeRange range) {
    requireNonNull(range, "range is null");
    Asset asset = project.asset(name);
    Check.VolumeAnomaly check =
        project.checks(asset.name()).stream()
            .filter(Check.VolumeAnomaly.class::isInstance)
            .map(Check.VolumeAnomaly.class::cast)
            .findFirst()
            .orElse(null);
    Lineage.DomainKeys keys = new Lineage(project, clock.instant()).domainKeys(asset);
    if (!asset.isPartitioned() || keys.last() == null) {
      return new VolumeHistory(asset.name(), "", "", List.of());
    }
    RowHistory.Series series =
        RowHistory.read(store, List.of(asset)).get(asset.name()).upTo(keys.last());
    if (series == null) {
      return new VolumeHistory(
          asset.name(), check == null ? "" : check.id(), detector(check), List.of());
    }
    double[] counts = series.values();
    List<Judgement> judgements =
        check == null
            ? List.of()
            : DetectorType.parse(check.detector())
                .create(check.settings())
                .score(
                    Series.regular(
                        series.start().toInstant(ZoneOffset.UTC),
                        VolumeJudge.step(asset.grain()),
                        counts));
    long first = PartitionIndex.of(asset.grain(), series.start());
    List<VolumeHistory.Point> points = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      LocalDateTime start = PartitionIndex.start(asset.grain(), first + i);
      PartitionKey key = PartitionKey.of(asset.grain(), start);
      if (!range.contains(key)) {
        continue;
      }
      if (judgements.isEmpty()) {
        points.add(
            new VolumeHistory.Point(
                key.toString(), counts[i], Double.NaN, Double.NaN, Double.NaN, "", false, false));
        continue;
      }
      Judgement judgement = judgements.get(i);
      points.add(
          new VolumeHistory.Point(
              key.toString(),
              counts[i],
              judgement.expected(),
              judgement.expectedLow(),
              judgement.expectedHigh(),
              judgement.verdict().label(),
              judgement.anomalous(),
              judgement.alert()));
    }
    return new VolumeHistory(
        asset.name(), check == null ? "" : check.id(), detector(check), points);
  }

  private static String detector(Check.VolumeAnomaly check) {
    return check == null ? "" : DetectorType.parse(check.detector()).label();
  }
}

package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.project.Project;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Which loaded partitions are due again although they were loaded: a snapshot on every load; an
 * incremental load's partitions from its high-water mark less the look-back onwards, where rows may
 * have arrived since; never a partition load's, whose partitions are complete when loaded.
 */
public final class DueLoads {
  private final Project project;
  private final Map<AssetName, Watermark> watermarks;

  public DueLoads(Project project, Map<AssetName, Watermark> watermarks) {
    this.project = requireNonNull(project, "project is null");
    this.watermarks = Map.copyOf(requireNonNull(watermarks, "watermarks is null"));
  }

  /** Without stored marks: every incremental partition counts as due. */
  public static DueLoads withoutWatermarks(Project project) {
    return new DueLoads(project, Map.of());
  }

  public boolean isDue(AssetName source, PartitionKey partition) {
    LoadSpec spec = project.load(source).orElse(null);
    if (spec == null) {
      return false;
    }
    return switch (spec.mode()) {
      case SNAPSHOT -> true;
      case PARTITION -> false;
      case INCREMENTAL -> {
        Watermark mark = watermarks.get(source);
        if (!project.asset(source).isPartitioned() || mark == null) {
          yield true;
        }
        Object from = spec.lookback().before(mark.value());
        LocalDateTime start =
            from instanceof LocalDateTime time
                ? time
                : from instanceof LocalDate date ? date.atStartOfDay() : null;
        yield start == null || partition.end().isAfter(start);
      }
    };
  }

  /** The stored marks this was made with. */
  public Map<AssetName, Watermark> watermarks() {
    return watermarks;
  }
}

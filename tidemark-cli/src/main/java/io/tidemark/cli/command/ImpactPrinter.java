package io.tidemark.cli.command;

import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Estimates;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.Impact.AffectedAsset;
import io.tidemark.core.impact.Impact.Via;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Prints an impact set as a tree of assets, each under the asset that leads to it. */
final class ImpactPrinter {
  private final Project project;
  private final Estimates estimates;
  private final Style style;

  ImpactPrinter(Project project, Estimates estimates, Style style) {
    this.project = project;
    this.estimates = estimates;
    this.style = style;
  }

  String text(Impact impact) {
    StringBuilder out = new StringBuilder();
    Map<AssetName, List<AssetName>> children = new LinkedHashMap<>();
    List<AssetName> roots = new ArrayList<>();
    for (AffectedAsset affected : impact.assets().values()) {
      if (affected.parent() == null) {
        roots.add(affected.asset());
      } else {
        children.computeIfAbsent(affected.parent(), k -> new ArrayList<>()).add(affected.asset());
      }
    }
    for (AssetName root : roots) {
      line(out, impact.assets().get(root), "", "", children, impact);
    }
    out.append('\n').append(summary(impact)).append('\n');
    return out.toString();
  }

  private void line(
      StringBuilder out,
      AffectedAsset affected,
      String prefix,
      String childPrefix,
      Map<AssetName, List<AssetName>> children,
      Impact impact) {
    Asset asset = project.asset(affected.asset());
    out.append(prefix).append(style.bold(asset.name().toString())).append("  ");
    out.append(affected.partitions().describe())
        .append(style.dim(" (" + affected.partitions().size() + ")"));
    List<String> details = new ArrayList<>();
    if (affected.parent() == null) {
      details.add(asset.isSource() ? "source" : "model");
    } else {
      details.add(viaText(affected));
    }
    if (affected.runsForward()) {
      details.add("runs forward: reads its previous partition");
    }
    if (affected.stoppedHere()) {
      details.add("--stop-at: readers not followed");
    }
    if (!asset.owner().isBlank()) {
      details.add("owner " + asset.owner());
    }
    if (!asset.pipeline().isBlank()) {
      details.add("pipeline " + asset.pipeline());
    }
    if (asset.isModel()) {
      long estimate = estimates.millis(asset.name(), affected.partitions().size());
      details.add(estimate < 0 ? "never timed" : "~" + Formats.millis(estimate));
    }
    out.append("  ").append(style.dim(String.join(" · ", details))).append('\n');
    List<AssetName> below = children.getOrDefault(affected.asset(), List.of());
    for (int i = 0; i < below.size(); i++) {
      boolean last = i == below.size() - 1;
      line(
          out,
          impact.assets().get(below.get(i)),
          childPrefix + (last ? "└── " : "├── "),
          childPrefix + (last ? "    " : "│   "),
          children,
          impact);
    }
  }

  /** The edge from the parent, then any other edges the damage also arrives through. */
  private static String viaText(AffectedAsset affected) {
    List<String> parts = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Via via : affected.via()) {
      if (via.upstream().equals(affected.parent()) && parts.isEmpty()) {
        parts.add(via.mapping().describe());
      } else {
        others.add(via.upstream() + " (" + via.mapping().describe() + ")");
      }
    }
    if (!others.isEmpty()) {
      parts.add("also via " + String.join(", ", others));
    }
    return String.join(", ", parts);
  }

  String summary(Impact impact) {
    TreeSet<String> pipelines = new TreeSet<>();
    long estimate = 0;
    int downstreamAssets = 0;
    for (AffectedAsset affected : impact.assets().values()) {
      Asset asset = project.asset(affected.asset());
      if (!affected.downstream().isEmpty()) {
        downstreamAssets++;
        if (!asset.pipeline().isBlank()) {
          pipelines.add(asset.pipeline());
        }
      }
      if (asset.isModel()) {
        estimate += Math.max(0, estimates.millis(asset.name(), affected.partitions().size()));
      }
    }
    return style.bold(Formats.plural(impact.downstreamPartitionCount(), "partition"))
        + " downstream in "
        + Formats.plural(downstreamAssets, "asset")
        + (pipelines.isEmpty()
            ? ""
            : " across " + Formats.plural(pipelines.size(), "pipeline") + " " + pipelines)
        + "; rebuilding everything affected takes about "
        + Formats.millis(estimate)
        + " of task time.";
  }

  Map<String, Object> json(Impact impact, Map<String, Object> header) {
    Map<String, Object> json = new LinkedHashMap<>(header);
    List<Map<String, Object>> assets = new ArrayList<>();
    long estimate = 0;
    for (AffectedAsset affected : impact.assets().values()) {
      Asset asset = project.asset(affected.asset());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("asset", asset.name().toString());
      entry.put("kind", asset.isSource() ? "source" : "model");
      entry.put("root", affected.isRoot());
      entry.put("owner", asset.owner());
      entry.put("pipeline", asset.pipeline());
      entry.put("count", affected.partitions().size());
      entry.put("ranges", ranges(affected.partitions()));
      entry.put("partitions", affected.partitions().keys().stream().map(Object::toString).toList());
      entry.put("path", impact.pathTo(asset.name()).stream().map(Object::toString).toList());
      List<Map<String, Object>> via = new ArrayList<>();
      for (Via edge : affected.via()) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("upstream", edge.upstream().toString());
        v.put("mapping", edge.mapping().describe());
        v.put("ranges", ranges(edge.partitions()));
        via.add(v);
      }
      entry.put("via", via);
      entry.put("runs_forward", affected.runsForward());
      long millis =
          asset.isModel() ? estimates.millis(asset.name(), affected.partitions().size()) : -1;
      entry.put("estimated_ms", millis < 0 ? null : millis);
      estimate += Math.max(0, millis);
      assets.add(entry);
    }
    json.put("assets", assets);
    json.put("total_partitions", impact.partitionCount());
    json.put("downstream_partitions", impact.downstreamPartitionCount());
    json.put("estimated_ms", estimate);
    return json;
  }

  static List<String> ranges(PartitionSet partitions) {
    String text = partitions.describe();
    return text.isEmpty() ? List.of() : List.of(text.split(", "));
  }

  static Map<String, Object> header(AssetName asset, TimeRange range) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("asset", asset.toString());
    json.put("start", range.start().toLocalDate().toString());
    json.put("end", range.end().toLocalDate().minusDays(1).toString());
    return json;
  }
}

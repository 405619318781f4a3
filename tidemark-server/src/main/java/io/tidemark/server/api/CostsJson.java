package io.tidemark.server.api;

import io.tidemark.core.cost.CostParts;
import io.tidemark.core.cost.CostReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cost report as JSON fields, the same for {@code tidemark costs} and the API. */
public final class CostsJson {
  private CostsJson() {}

  public static Map<String, Object> of(CostReport report) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("currency", report.rates().currency());
    json.put("since", report.since().toString());
    json.put("previous_since", report.previousSince().toString());
    json.put("by", report.by());
    json.put("total", parts(report.total()));
    json.put("previous_total", parts(report.previousTotal()));
    json.put("scheduled", parts(report.scheduled()));
    json.put("repairs_and_backfills", parts(report.repairs()));
    List<Map<String, Object>> groups = new ArrayList<>();
    for (CostReport.Group group : report.groups()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", group.name());
      row.put("cost", parts(group.cost()));
      row.put("share", group.share());
      row.put("previous", group.previous().total());
      row.put("trend", group.trend());
      row.put("repairs_and_backfills", group.repairs().total());
      groups.add(row);
    }
    json.put("groups", groups);
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (CostReport.Partition partition : report.topPartitions()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("asset", partition.asset());
      row.put("partition", partition.partition());
      row.put("cost", parts(partition.cost()));
      row.put("attempts", partition.attempts());
      partitions.add(row);
    }
    json.put("top_partitions", partitions);
    return json;
  }

  private static Map<String, Object> parts(CostParts parts) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("total", parts.total());
    json.put("cpu", parts.cpu());
    json.put("scanned", parts.scanned());
    json.put("written", parts.written());
    json.put("stored", parts.stored());
    return json;
  }
}

package io.tidemark.core.quality;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.template.ModelRenderer;
import io.tidemark.core.warehouse.SqlDialect;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL text checks are built from, in the warehouse's dialect: a partition's rows, templates.
 */
public final class CheckSql {
  private static final Pattern TEMPLATE =
      Pattern.compile("\\{\\{\\s*(this|partition_start|partition_end)\\s*\\}\\}");

  private CheckSql() {}

  /** The rows of {@code partition}: the partition column inside its span; everything for "all". */
  public static String partitionFilter(SqlDialect dialect, Asset asset, PartitionKey partition) {
    if (!asset.isPartitioned() || partition.grain() == Grain.ALL) {
      return "true";
    }
    return dialect.partitionPredicate(asset.partitioning().column(), partition);
  }

  public static String render(String query, String table, PartitionKey partition) {
    Matcher m = TEMPLATE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "this" -> table;
            case "partition_start" -> ModelRenderer.literal(partition.grain(), partition.start());
            default -> ModelRenderer.literal(partition.grain(), partition.end());
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}

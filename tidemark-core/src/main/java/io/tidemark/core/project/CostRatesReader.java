package io.tidemark.core.project;

import io.tidemark.core.cost.CostRates;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code costs} block of {@code tidemark.yml}: the currency and the rates. */
public final class CostRatesReader {
  private CostRatesReader() {}

  /** The project's rates; {@link CostRates#NONE} when it has no costs block. */
  public static CostRates read(Path projectRoot) {
    YamlNode root =
        YamlNode.read(
            projectRoot.resolve(ProjectConfig.FILE_NAME), Path.of(ProjectConfig.FILE_NAME));
    Optional<YamlNode> block = root.isMapping() ? root.get("costs") : Optional.empty();
    if (block.isEmpty()) {
      return CostRates.NONE;
    }
    YamlNode costs = block.get();
    costs.requireKnownKeys(
        "costs",
        "currency",
        "per_cpu_hour",
        "per_gb_scanned",
        "per_gb_written",
        "per_gb_month_stored");
    return new CostRates(
        costs.text("currency", ""),
        rate(costs, "per_cpu_hour"),
        rate(costs, "per_gb_scanned"),
        rate(costs, "per_gb_written"),
        rate(costs, "per_gb_month_stored"));
  }

  private static double rate(YamlNode costs, String key) {
    Optional<YamlNode> node = costs.get(key);
    if (node.isEmpty()) {
      return 0;
    }
    try {
      double value = Double.parseDouble(node.get().text().strip());
      if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
        throw node.get().error("'" + key + "' must be a rate of 0 or more");
      }
      return value;
    } catch (NumberFormatException e) {
      throw node.get().error("'" + key + "' must be a number, got '" + node.get().text() + "'");
    }
  }
}

package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.cost.CostParts;
import io.tidemark.core.cost.CostRates;
import io.tidemark.core.cost.CostReport;
import io.tidemark.core.cost.CostService;
import io.tidemark.core.project.CostRatesReader;
import io.tidemark.server.api.CostsJson;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "costs",
    mixinStandardHelpOptions = true,
    description = {
      "What the loads cost, at the rates of the costs block of tidemark.yml: per group, its share,"
          + " the trend against the period before, repairs and backfills apart, and the most"
          + " expensive partitions."
    })
public final class CostsCommand extends ProjectCommand {
  @Option(
      names = "--since",
      paramLabel = "DATE",
      converter = Arguments.Day.class,
      description = "First day counted (default: 29 days before today, so 30 days).")
  LocalDate since;

  @Option(
      names = "--by",
      paramLabel = "GROUP",
      description = "asset, pipeline, owner or day (default: ${DEFAULT-VALUE}).")
  String by = "asset";

  @Option(
      names = "--top",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "Groups and partitions shown (default: ${DEFAULT-VALUE}).")
  int top = 10;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    CostRates rates = CostRatesReader.read(workspace.project().root());
    LocalDate first =
        since != null ? since : LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC).minusDays(29);
    CostReport report =
        new CostService(workspace.project(), workspace.store(), CLOCK, rates)
            .report(first, by.toLowerCase(Locale.ROOT), top);
    if (format == OutputFormat.json) {
      out().println(Json.write(CostsJson.of(report)));
      return 0;
    }
    if (rates.isEmpty()) {
      err()
          .println(
              style.yellow("warning: ")
                  + "tidemark.yml sets no rates (costs: per_cpu_hour, per_gb_scanned, …): every cost is 0");
    }
    String currency = rates.currency().isEmpty() ? "" : " " + rates.currency();
    out()
        .println(
            "Costs from "
                + report.since()
                + " to today, by "
                + report.by()
                + ": "
                + money(report.total().total())
                + currency
                + " ("
                + trend(report.previousTotal(), report.total())
                + " against "
                + report.previousSince()
                + " .. "
                + report.since().minusDays(1)
                + "); repairs and backfills "
                + money(report.repairs().total())
                + currency
                + "\n");
    TextTable groups =
        new TextTable(
            List.of(
                report.by(),
                "cost",
                "share",
                "trend",
                "cpu",
                "scanned",
                "written",
                "stored",
                "repairs"));
    for (CostReport.Group group : report.groups()) {
      groups.add(
          List.of(
              group.name(),
              money(group.cost().total()),
              percent(group.share()),
              trend(group.previous(), group.cost()),
              money(group.cost().cpu()),
              money(group.cost().scanned()),
              money(group.cost().written()),
              money(group.cost().stored()),
              money(group.repairs().total())));
    }
    out().print(groups.render(style));
    if (!report.topPartitions().isEmpty()) {
      out().println("\nMost expensive partitions:");
      TextTable partitions = new TextTable(List.of("asset", "partition", "cost", "attempts"));
      for (CostReport.Partition partition : report.topPartitions()) {
        partitions.add(
            List.of(
                partition.asset(),
                partition.partition(),
                money(partition.cost().total()),
                String.valueOf(partition.attempts())));
      }
      out().print(partitions.render(style));
    }
    return 0;
  }

  static String money(double amount) {
    return String.format(Locale.ROOT, "%.4f", amount);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String trend(CostParts previous, CostParts current) {
    if (previous.total() == 0) {
      return current.total() == 0 ? "=" : "new";
    }
    double change = (current.total() - previous.total()) / previous.total();
    return String.format(Locale.ROOT, "%+.0f%%", change * 100);
  }
}

package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void costsPriceWhatTheAttemptsRecordedAtTheProjectsRates() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(20);
    // Rates that make each unit 0.001: a CPU millisecond, a byte scanned, a byte written.
    project.write(
        "tidemark.yml",
        project.read("tidemark.yml")
            + "costs:\n  currency: EUR\n  per_cpu_hour: 3600\n  per_gb_scanned: 1000000\n"
            + "  per_gb_written: 1000000\n");
    Cli.Result run = project.run("2024-01-01", "2024-01-03");
    assertThat(run.exitCode()).as(run.all()).isZero();
    double cpu = 0;
    double scanned = 0;
    double written = 0;
    for (JsonNode attempt :
        JSON.readTree(project.cli("runs", "show", "1", "--format", "json").out())
            .path("attempts")) {
      cpu += Math.max(attempt.path("cpu_ms").asLong(), attempt.path("engine_cpu_ms").asLong());
      scanned += attempt.path("bytes_scanned").asLong();
      written += attempt.path("bytes_written").asLong();
    }

    Cli.Result costs = project.cli("costs", "--by", "pipeline", "--format", "json");

    assertThat(costs.exitCode()).as(costs.all()).isZero();
    JsonNode report = JSON.readTree(costs.out());
    assertThat(report.path("currency").asText()).isEqualTo("EUR");
    assertThat(report.at("/total/cpu").asDouble()).isCloseTo(cpu / 1000, within(1e-9));
    assertThat(report.at("/total/scanned").asDouble()).isCloseTo(scanned / 1000, within(1e-9));
    assertThat(report.at("/total/written").asDouble()).isCloseTo(written / 1000, within(1e-9));
    assertThat(written).isPositive();
    assertThat(report.at("/repairs_and_backfills/total").asDouble()).isZero();
    double shares = 0;
    for (JsonNode group : report.path("groups")) {
      shares += group.path("share").asDouble();
    }
    assertThat(shares).isCloseTo(1.0, within(1e-9));
    assertThat(report.path("groups").get(0).path("name").asText()).isIn("daily", "(none)");
    assertThat(report.path("top_partitions").size()).isBetween(1, 10);

    Cli.Result byDay = project.cli("costs", "--by", "day", "--no-color");
    assertThat(byDay.out())
        .contains(LocalDate.now(ZoneOffset.UTC).toString())
        .contains("EUR")
        .contains("Most expensive partitions");
  }

  @Test
  void aRepairPlanIsPricedFromTheMeanSucceededAttemptOfEachModelBeforeItStarts() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(20);
    project.write(
        "tidemark.yml",
        project.read("tidemark.yml")
            + "costs:\n  currency: EUR\n  per_cpu_hour: 3600\n  per_gb_scanned: 1000000\n"
            + "  per_gb_written: 1000000\n");
    Cli.Result run = project.run("2024-01-01", "2024-01-03");
    assertThat(run.exitCode()).as(run.all()).isZero();
    // What the succeeded attempts of daily_totals used, per attempt, at 0.001 a unit.
    double sum = 0;
    int attempts = 0;
    for (JsonNode attempt :
        JSON.readTree(project.cli("runs", "show", "1", "--format", "json").out())
            .path("attempts")) {
      if (attempt.path("asset").asText().equals("marts.daily_totals")
          && attempt.path("status").asText().equals("succeeded")) {
        sum +=
            Math.max(attempt.path("cpu_ms").asLong(), attempt.path("engine_cpu_ms").asLong())
                + attempt.path("bytes_scanned").asLong()
                + attempt.path("bytes_written").asLong();
        attempts++;
      }
    }
    assertThat(attempts).isEqualTo(3);
    double meanCost = sum / attempts / 1000;

    Cli.Result plan =
        project.cli(
            "repair",
            "daily_totals",
            "--start",
            "2024-01-02",
            "--end",
            "2024-01-03",
            "--dry-run",
            "--format",
            "json");

    assertThat(plan.exitCode()).as(plan.all()).isZero();
    JsonNode json = JSON.readTree(plan.out());
    JsonNode totals = null;
    double sumOfAssets = 0;
    for (JsonNode asset : json.path("assets")) {
      sumOfAssets += asset.path("estimated_cost").asDouble();
      if (asset.path("asset").asText().equals("marts.daily_totals")) {
        totals = asset;
      }
    }
    assertThat(totals).as(plan.out()).isNotNull();
    assertThat(totals.path("count").asLong()).isEqualTo(2);
    assertThat(totals.path("estimated_cost").asDouble()).isCloseTo(2 * meanCost, within(1e-9));
    assertThat(json.at("/estimated_cost/currency").asText()).isEqualTo("EUR");
    assertThat(json.at("/estimated_cost/total").asDouble()).isCloseTo(sumOfAssets, within(1e-9));
    assertThat(json.at("/estimated_cost/total").asDouble()).isPositive();

    Cli.Result text =
        project.cli(
            "repair",
            "daily_totals",
            "--start",
            "2024-01-02",
            "--end",
            "2024-01-03",
            "--dry-run",
            "--no-color");
    assertThat(text.out())
        .contains("cost")
        .containsPattern("of task time on 2 threads, costing about \\d+\\.\\d{4} EUR\\.");
  }

  @Test
  void aRepairPlanShowsNoCostWithoutRates() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(5);
    Cli.Result run = project.run("2024-01-01", "2024-01-02");
    assertThat(run.exitCode()).as(run.all()).isZero();

    Cli.Result plan =
        project.cli(
            "repair",
            "daily_totals",
            "--start",
            "2024-01-02",
            "--end",
            "2024-01-02",
            "--dry-run",
            "--format",
            "json");

    assertThat(plan.exitCode()).as(plan.all()).isZero();
    JsonNode json = JSON.readTree(plan.out());
    assertThat(json.get("estimated_cost").isNull()).isTrue();
    assertThat(json.path("assets").get(0).get("estimated_cost").isNull()).isTrue();
    assertThat(
            project
                .cli(
                    "repair",
                    "daily_totals",
                    "--start",
                    "2024-01-02",
                    "--end",
                    "2024-01-02",
                    "--dry-run",
                    "--no-color")
                .out())
        .doesNotContain("costing");
  }

  @Test
  void theCostsBlockOfTheOperationsPageIsValid() throws Exception {
    String page = java.nio.file.Files.readString(Path.of("../docs/operations.md"));
    java.util.regex.Matcher yaml =
        java.util.regex.Pattern.compile("```yaml\\n(costs:.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(page);
    assertThat(yaml.find()).as("a costs block in docs/operations.md").isTrue();
    TestProject project = TestProject.standard(dir);
    project.write("tidemark.yml", project.read("tidemark.yml") + yaml.group(1));

    Cli.Result validate = project.cli("validate", "--no-color");
    Cli.Result costs = project.cli("costs", "--format", "json");

    assertThat(validate.exitCode()).as(validate.all()).isZero();
    assertThat(costs.exitCode()).as(costs.all()).isZero();
    assertThat(JSON.readTree(costs.out()).path("currency").asText()).isEqualTo("USD");
  }

  @Test
  void anUnknownGroupingIsAUsageError() {
    TestProject project = TestProject.standard(dir);

    Cli.Result costs = project.cli("costs", "--by", "table");

    assertThat(costs.exitCode()).isEqualTo(2);
    assertThat(costs.err()).contains("--by must be asset, pipeline, owner or day");
  }

  @Test
  void aRateThatIsNotANumberIsRefusedWithItsLine() {
    TestProject project = TestProject.standard(dir);
    project.write("tidemark.yml", project.read("tidemark.yml") + "costs:\n  per_cpu_hour: cheap\n");

    Cli.Result costs = project.cli("costs");

    assertThat(costs.exitCode()).isEqualTo(2);
    assertThat(costs.err()).contains("tidemark.yml:").contains("'per_cpu_hour' must be a number");
  }
}

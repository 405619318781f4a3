package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tidemark reconcile}: what it finds and prints, by join and by bisection. */
class ReconcileCommandTest extends ReconcileFixture {
  @Test
  void acrossTwoWarehousesBisectionFindsExactlyThePlantedDifferences() throws Exception {
    Cli.Result result = againstCopy("--tolerance", "0.05", "--format", "json");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("method").asText()).isEqualTo("bisection");
    assertThat(json.at("/left/table").asText()).isEqualTo("shop.orders");
    assertThat(json.at("/left/warehouse").asText()).isEqualTo(warehouse.toString());
    assertThat(json.at("/right/warehouse").asText()).isEqualTo(copy.toString());
    assertThat(json.at("/right/where").isNull()).isTrue();
    assertThat(json.get("agree").asBoolean()).isFalse();
    assertThat(counts(json)).containsExactly(10_000L, 9_999L, 3L, 2L, 4L, 0L, 9L);
    assertThat(mismatches(json)).isEqualTo(EXPECTED);
    assertThat(json.get("mismatches_capped").asBoolean()).isFalse();
    assertThat(names(json.get("key"))).containsExactly("order_id=order_id");
    // No compared column named: every non-key column both tables have.
    assertThat(names(json.get("compared")))
        .containsExactly("customer=customer", "amount=amount", "status=status");
    assertThat(json.get("compared_every_shared_column").asBoolean()).isTrue();
    assertThat(json.get("tolerance").decimalValue()).isEqualByComparingTo("0.05");
    JsonNode work = json.get("work");
    assertThat(work.get("levels").asInt()).isPositive();
    assertThat(work.get("segments_compared").asLong()).isGreaterThanOrEqualTo(16);
    assertThat(work.get("queries").asLong())
        .isEqualTo(work.get("left_queries").asLong() + work.get("right_queries").asLong());
    assertThat(work.get("right_queries").asLong()).isPositive();
    assertThat(work.get("left_rows_fetched").asLong()).isBetween(1L, 9_999L);
    assertThat(work.get("right_rows_fetched").asLong()).isBetween(1L, 9_998L);
    assertThat(json.get("elapsed_ms").asLong()).isNotNegative();
    assertReadOnly();
  }

  @Test
  void withoutAToleranceTheCloseAmountDiffersToo() throws Exception {
    Cli.Result result = againstCopy("--format", "json");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(counts(json)).containsExactly(10_000L, 9_999L, 3L, 2L, 5L, 0L, 10L);
    assertThat(mismatches(json)).contains("different 4242 amount 341.54 341.55").hasSize(10);
  }

  @Test
  void textShowsTheHeaderCountsSampleAndWork() {
    Cli.Result result = againstCopy("--tolerance", "0.05");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    List<String> lines = result.out().lines().map(line -> line.replaceAll(" +", " ")).toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "Reconcile shop.orders @ warehouse.duckdb with shop.orders @ copy.duckdb"
                + " by bisection");
    assertThat(lines.get(1))
        .isEqualTo(
            "key order_id; compared customer, amount, status (every column both have);"
                + " tolerance 0.05");
    assertThat(lines.subList(3, 5))
        .containsExactly(
            "left rows right rows only in left only in right different duplicate keys",
            " 10,000 9,999 3 2 4 0");
    assertThat(lines.subList(6, 16))
        .containsExactly(
            "kind order_id column left right",
            "only in left 17",
            "different 100 amount 147.00 152.00",
            "different 2000 amount 10.00 15.00",
            "different 3000 amount 10.00 15.00",
            "only in left 5000",
            "different 7777 amount 389.49 394.49",
            "only in left 9999",
            "only in right 10001",
            "only in right 10002");
    assertThat(lines.get(17))
        .matches(
            "work: [0-9]+ levels?, [0-9,]+ segments compared, [0-9,]+ queries \\([0-9]+ left,"
                + " [0-9]+ right\\), [0-9,]+ rows fetched \\([0-9,]+ left, [0-9,]+ right\\)"
                + " in [0-9.]+m?s");
    assertThat(lines.get(19)).isEqualTo("9 mismatching keys.");
    assertThat(lines).hasSize(20);
  }

  @Test
  void withinOneWarehouseAutoJoinsAndFindsWhatBisectionFinds() throws Exception {
    copyIntoProjectWarehouse();

    Cli.Result joined =
        reconcile(
            "shop.orders",
            "shop.orders_copy",
            "--key",
            "order_id",
            "--tolerance",
            "0.05",
            "--format",
            "json");
    Cli.Result bisected =
        reconcile(
            "shop.orders",
            "shop.orders_copy",
            "--key",
            "order_id",
            "--tolerance",
            "0.05",
            "--method",
            "bisection",
            "--format",
            "json");

    assertThat(joined.exitCode()).as(joined.all()).isEqualTo(1);
    assertThat(bisected.exitCode()).as(bisected.all()).isEqualTo(1);
    JsonNode join = JSON.readTree(joined.out());
    JsonNode bisection = JSON.readTree(bisected.out());
    assertThat(join.get("method").asText()).isEqualTo("join");
    assertThat(join.at("/right/warehouse").asText()).isEqualTo(warehouse.toString());
    assertThat(counts(join)).containsExactly(10_000L, 9_999L, 3L, 2L, 4L, 0L, 9L);
    assertThat(mismatches(join)).isEqualTo(EXPECTED);
    assertThat(join.at("/work/levels").asInt()).isZero();
    assertThat(join.at("/work/segments_compared").asLong()).isZero();
    assertThat(bisection.get("method").asText()).isEqualTo("bisection");
    assertThat(counts(bisection)).isEqualTo(counts(join));
    assertThat(mismatches(bisection)).isEqualTo(EXPECTED);
    assertThat(bisection.at("/work/levels").asInt()).isPositive();
  }

  @Test
  void anAgainstFileThatIsTheProjectWarehouseIsOneWarehouse() throws Exception {
    copyIntoProjectWarehouse();

    Cli.Result result =
        reconcile(
            "shop.orders",
            "shop.orders_copy",
            "--against",
            warehouse.toString(),
            "--key",
            "order_id",
            "--tolerance",
            "0.05",
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.get("method").asText()).isEqualTo("join");
    assertThat(mismatches(json)).isEqualTo(EXPECTED);
  }

  @Test
  void twoFilesOfOneNameAreToldApartByTheirPaths() throws Exception {
    Path twin = dir.resolve("other").resolve("warehouse.duckdb");
    Files.copy(copy, twin);

    Cli.Result result =
        reconcile("shop.orders", "shop.orders", "--against", twin.toString(), "--key", "order_id");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.out())
        .startsWith(
            "Reconcile shop.orders @ "
                + warehouse.toAbsolutePath().normalize()
                + " with shop.orders @ "
                + twin.toAbsolutePath().normalize()
                + " by bisection");
  }

  @Test
  void agreeingTablesExitZero() throws Exception {
    Cli.Result text =
        reconcile("shop.orders", "shop.same", "--against", copy.toString(), "--key", "order_id");
    Cli.Result json =
        reconcile(
            "shop.orders",
            "shop.same",
            "--against",
            copy.toString(),
            "--key",
            "order_id",
            "--format",
            "json");

    assertThat(text.exitCode()).as(text.all()).isZero();
    assertThat(text.out())
        .contains("Reconcile shop.orders @ warehouse.duckdb with shop.same @ copy.duckdb")
        .doesNotContain("kind")
        .endsWith("The tables agree.\n");
    assertThat(json.exitCode()).as(json.all()).isZero();
    JsonNode result = JSON.readTree(json.out());
    assertThat(result.get("agree").asBoolean()).isTrue();
    assertThat(counts(result)).containsExactly(10_000L, 10_000L, 0L, 0L, 0L, 0L, 0L);
    assertThat(result.get("mismatches")).isEmpty();
    // Identical sides: one aggregate per side, and no row fetched.
    assertThat(result.at("/work/levels").asInt()).isEqualTo(1);
    assertThat(result.at("/work/rows_fetched").asLong()).isZero();
    assertReadOnly();
  }

  @Test
  void columnsMapNamesAndChooseWhatIsCompared() throws Exception {
    // shop.renamed calls order_id id, customer client, amount total; key 43's status and key 44's
    // total differ.
    assertThat(renamed("--columns", "order_id=id,amount=total")).containsExactly("different 44");
    assertThat(renamed("--columns", "order_id=id", "--compare", "status"))
        .containsExactly("different 43");
    assertThat(renamed("--columns", "order_id=id,customer=client,amount=total,status"))
        .containsExactly("different 43", "different 44");
    // Nothing named to compare: the columns both tables call alike, status alone.
    assertThat(renamed("--columns", "order_id=id")).containsExactly("different 43");
  }

  /** Mismatches (kind and key) of shop.orders against shop.renamed. */
  private List<String> renamed(String... args) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of(
                "shop.orders",
                "shop.renamed",
                "--against",
                copy.toString(),
                "--key",
                "order_id",
                "--format",
                "json"));
    all.addAll(List.of(args));
    Cli.Result result = reconcile(all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    List<String> found = new ArrayList<>();
    for (JsonNode mismatch : JSON.readTree(result.out()).get("mismatches")) {
      found.add(mismatch.get("kind").asText() + " " + mismatch.at("/key/order_id").asText());
    }
    return found;
  }

  @Test
  void theLimitCapsTheListNotTheCounts() throws Exception {
    Cli.Result json = againstCopy("--tolerance", "0.05", "--limit", "2", "--format", "json");
    Cli.Result text = againstCopy("--tolerance", "0.05", "--limit", "2");

    JsonNode result = JSON.readTree(json.out());
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(counts(result)).containsExactly(10_000L, 9_999L, 3L, 2L, 4L, 0L, 9L);
    assertThat(mismatches(result)).isEqualTo(EXPECTED.subList(0, 2));
    assertThat(result.get("mismatches_capped").asBoolean()).isTrue();
    assertThat(text.out())
        .contains("9 mismatching keys; the first 2 are listed (raise --limit for more).");
  }

  @Test
  void conditionsSelectTheRowsOfEachSide() throws Exception {
    Cli.Result result =
        againstCopy(
            "--tolerance",
            "0.05",
            "--where-left",
            "order_id <= 5000",
            "--where-right",
            "order_id <= 3000",
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    JsonNode json = JSON.readTree(result.out());
    assertThat(json.at("/left/where").asText()).isEqualTo("order_id <= 5000");
    assertThat(json.at("/right/where").asText()).isEqualTo("order_id <= 3000");
    // 3001..5000 only on the left, less the missing 5000; 17 missing on the right.
    assertThat(counts(json)).containsExactly(5_000L, 2_999L, 2_001L, 0L, 3L, 0L, 2_004L);
  }

  @Test
  void duplicatedKeysAreCountedAndShown() throws Exception {
    execute(copy, "insert into shop.same select * from shop.same where order_id = 123");
    copyHash = hash(copy);

    Cli.Result result =
        reconcile("shop.orders", "shop.same", "--against", copy.toString(), "--key", "order_id");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.out().lines().map(line -> line.replaceAll(" +", " ")))
        .contains(" 10,000 10,001 0 0 0 1", "duplicate key 123 1 row 2 rows", "1 mismatching key.");
  }
}

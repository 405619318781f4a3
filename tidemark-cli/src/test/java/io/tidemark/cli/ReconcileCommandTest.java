package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tidemark reconcile} on real DuckDB files: {@code shop.orders}, 10,000 rows in the
 * project's warehouse, and a copy with planted differences in a second file. The copy lacks keys
 * 17, 5000 and 9999, has two keys more (10001, 10002), an amount 5.00 higher for keys 100, 2000,
 * 3000 and 7777, and 0.01 higher for key 4242 (within the tolerance of 0.05 used below).
 */
class ReconcileCommandTest {
  /** Decimals read as written (147.00 stays 147.00), so their scale is checked too. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private static final String ORDERS =
      "select i as order_id, 'c' || (i % 97) as customer,"
          + " cast(round((i % 500) * 1.37 + 10, 2) as decimal(12,2)) as amount,"
          + " case when i % 3 = 0 then 'paid' else 'open' end as status"
          + " from range(1, 10001) t(i)";

  /** The planted differences, applied to {@code $t}, a copy of the orders. */
  private static final String[] PLANTED = {
    "delete from $t where order_id in (17, 5000, 9999)",
    "insert into $t values (10001, 'c1', 5.00, 'open'), (10002, 'c2', 6.00, 'open')",
    "update $t set amount = amount + 5 where order_id in (100, 2000, 3000, 7777)",
    "update $t set amount = amount + 0.01 where order_id = 4242"
  };

  /** What reconciling the orders with their copy finds, in key order, at a tolerance of 0.05. */
  private static final List<String> EXPECTED =
      List.of(
          "only_in_left 17",
          "different 100 amount 147.00 152.00",
          "different 2000 amount 10.00 15.00",
          "different 3000 amount 10.00 15.00",
          "only_in_left 5000",
          "different 7777 amount 389.49 394.49",
          "only_in_left 9999",
          "only_in_right 10001",
          "only_in_right 10002");

  @TempDir Path dir;
  TestProject project;
  Path warehouse;
  Path copy;
  String copyHash;

  @BeforeEach
  void setUp() throws Exception {
    project = TestProject.standard(dir.resolve("project"));
    warehouse = project.root.resolve("warehouse.duckdb");
    project.execute("create schema shop", "create table shop.orders as " + ORDERS);
    copy = dir.resolve("other").resolve("copy.duckdb");
    Files.createDirectories(copy.getParent());
    List<String> statements = new ArrayList<>();
    statements.add("create schema shop");
    statements.add("create table shop.orders as " + ORDERS);
    statements.add("create table shop.same as " + ORDERS);
    statements.add(
        "create table shop.renamed as select order_id as id, customer as client,"
            + " amount as total, status from shop.same");
    statements.add("update shop.renamed set status = 'lost' where id = 43");
    statements.add("update shop.renamed set total = total + 1 where id = 44");
    for (String planted : PLANTED) {
      statements.add(planted.replace("$t", "shop.orders"));
    }
    execute(copy, statements.toArray(String[]::new));
    copyHash = hash(copy);
  }

  private Cli.Result reconcile(String... args) {
    List<String> all = new ArrayList<>(List.of("reconcile"));
    all.addAll(List.of(args));
    return project.cli(all.toArray(String[]::new));
  }

  private Cli.Result againstCopy(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "shop.orders", "shop.orders", "--against", copy.toString(), "--key", "order_id"));
    all.addAll(List.of(args));
    return reconcile(all.toArray(String[]::new));
  }

  /** The copy, orders_copy, in the project's own warehouse. */
  private void copyIntoProjectWarehouse() {
    List<String> statements = new ArrayList<>();
    statements.add("create table shop.orders_copy as " + ORDERS);
    for (String planted : PLANTED) {
      statements.add(planted.replace("$t", "shop.orders_copy"));
    }
    project.execute(statements.toArray(String[]::new));
  }

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

  // Bad input: a message naming the problem, exit 2, nothing changed.

  @Test
  void anUnknownLeftTableNamesTheSideAndTheWarehouse() throws Exception {
    Cli.Result result = reconcile("shop.nope", "shop.orders", "--key", "order_id");

    assertBadInput(result, "the left table shop.nope does not exist in the warehouse " + warehouse);
  }

  @Test
  void anUnknownRightTableNamesTheSideAndTheWarehouse() throws Exception {
    Cli.Result result =
        reconcile("shop.orders", "shop.nope", "--against", copy.toString(), "--key", "order_id");

    assertBadInput(result, "the right table shop.nope does not exist in the warehouse " + copy);
  }

  @Test
  void aMissingAgainstFileIsNotCreated() throws Exception {
    Path missing = dir.resolve("nowhere").resolve("missing.duckdb");

    Cli.Result result =
        reconcile(
            "shop.orders", "shop.orders", "--against", missing.toString(), "--key", "order_id");

    assertBadInput(result, "--against " + missing + " does not exist");
    assertThat(missing).doesNotExist();
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void aMissingProjectWarehouseIsNotCreated() throws Exception {
    Files.delete(warehouse);

    Cli.Result result =
        reconcile("shop.orders", "shop.orders", "--against", copy.toString(), "--key", "order_id");

    assertBadInput(
        result,
        "the left table shop.orders cannot exist: the project's warehouse "
            + warehouse
            + " does not exist yet");
    assertThat(warehouse).doesNotExist();
  }

  @Test
  void anAgainstFileThatIsNotADuckDbDatabaseIsRefusedUntouched() throws Exception {
    Path text = dir.resolve("other").resolve("notes.txt");
    Files.writeString(text, "not a database\n");
    Path empty = Files.createFile(dir.resolve("other").resolve("empty.duckdb"));

    Cli.Result notDuckDb =
        reconcile("shop.orders", "shop.orders", "--against", text.toString(), "--key", "order_id");
    Cli.Result emptyFile =
        reconcile("shop.orders", "shop.orders", "--against", empty.toString(), "--key", "order_id");

    assertBadInput(notDuckDb, "--against " + text + " cannot be opened as a DuckDB warehouse");
    assertThat(text).hasContent("not a database");
    assertBadInput(emptyFile, "--against " + empty + " is not a DuckDB database file");
    assertThat(empty).isEmptyFile();
  }

  @Test
  void anUnknownKeyColumnNamesTheColumnAndTable() throws Exception {
    Cli.Result result =
        reconcile("shop.orders", "shop.orders", "--against", copy.toString(), "--key", "ordr_id");

    assertBadInput(
        result,
        "key column ordr_id does not exist in the left table shop.orders in "
            + warehouse
            + " (its columns: order_id, customer, amount, status)");
  }

  @Test
  void anUnknownComparedColumnNamesTheColumnAndTable() throws Exception {
    Cli.Result right = againstCopy("--columns", "amount=total");
    Cli.Result left = againstCopy("--compare", "amount,price");

    assertBadInput(
        right, "compared column total does not exist in the right table shop.orders in " + copy);
    assertBadInput(
        left, "compared column price does not exist in the left table shop.orders in " + warehouse);
  }

  @Test
  void aJoinAcrossTwoWarehousesIsRefused() throws Exception {
    Cli.Result result = againstCopy("--method", "join");

    assertBadInput(
        result, "--method join needs both tables in one warehouse, but shop.orders is in " + copy);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"amount=", "=total", "amount=total=price", "amount,,status", "customer, "})
  void badColumnsSyntaxIsRefused(String columns) throws Exception {
    Cli.Result result = againstCopy("--columns", columns);

    assertBadInput(result, "--columns");
  }

  @Test
  void columnsNamedTwiceAreRefused() throws Exception {
    assertBadInput(againstCopy("--columns", "amount", "--compare", "amount"), "named twice");
    assertBadInput(againstCopy("--compare", "order_id"), "a key column");
    assertBadInput(
        againstCopy("--columns", "amount=status,status"),
        "two columns are compared with the right table's column status");
    assertBadInput(reconcile("shop.orders", "shop.orders", "--key", "order_id,ORDER_ID"), "twice");
  }

  @Test
  void aNegativeToleranceIsRefused() throws Exception {
    assertBadInput(
        againstCopy("--tolerance", "-0.5"), "--tolerance must not be negative, got -0.5");
  }

  @Test
  void otherBadArgumentsAreRefused() throws Exception {
    assertBadInput(
        reconcile("orders", "shop.orders", "--key", "order_id"),
        "LEFT must be schema.table, got 'orders'");
    assertBadInput(againstCopy("--limit", "-1"), "--limit must not be negative");
    assertBadInput(againstCopy("--format", "csv"), "--format must be text or json");
    assertBadInput(againstCopy("--method", "merge"), "--method");
    assertBadInput(
        againstCopy("--where-right", "no_such_column > 1"),
        "--where-right 'no_such_column > 1' does not work on the right table shop.orders in "
            + copy);
    assertBadInput(reconcile("shop.orders", "shop.orders", "--against", copy.toString()), "--key");
  }

  private void assertBadInput(Cli.Result result, String message) throws Exception {
    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    assertThat(result.err()).contains(message);
    assertThat(result.out()).isEmpty();
    assertReadOnly();
  }

  /** The other warehouse is byte for byte as it was, and no state was recorded. */
  private void assertReadOnly() throws Exception {
    assertThat(hash(copy)).isEqualTo(copyHash);
    try (Stream<Path> files = Files.list(copy.getParent())) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .allMatch(name -> !name.startsWith("copy.duckdb") || name.equals("copy.duckdb"));
    }
    assertThat(project.root.resolve(".tidemark")).doesNotExist();
  }

  private static List<Long> counts(JsonNode json) {
    JsonNode counts = json.get("counts");
    return Stream.of(
            "left_rows",
            "right_rows",
            "only_in_left",
            "only_in_right",
            "different",
            "duplicate_keys",
            "mismatching_keys")
        .map(name -> counts.get(name).asLong())
        .toList();
  }

  /** Each listed mismatch as "kind key [column left right]…". */
  private static List<String> mismatches(JsonNode json) {
    List<String> found = new ArrayList<>();
    for (JsonNode mismatch : json.get("mismatches")) {
      StringBuilder line =
          new StringBuilder(mismatch.get("kind").asText())
              .append(' ')
              .append(mismatch.at("/key/order_id").asText());
      for (JsonNode difference : mismatch.get("differences")) {
        line.append(' ')
            .append(difference.get("column").asText())
            .append(' ')
            .append(difference.get("left").asText())
            .append(' ')
            .append(difference.get("right").asText());
      }
      found.add(line.toString());
    }
    return found;
  }

  private static List<String> names(JsonNode pairs) {
    List<String> names = new ArrayList<>();
    pairs.forEach(pair -> names.add(pair.get("left").asText() + "=" + pair.get("right").asText()));
    return names;
  }

  private static void execute(Path file, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static String hash(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

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
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of {@code tidemark reconcile} share, on real DuckDB files: {@code shop.orders},
 * 10,000 rows in the project's warehouse, and a copy with planted differences in a second file. The
 * copy lacks keys 17, 5000 and 9999, has two keys more (10001, 10002), an amount 5.00 higher for
 * keys 100, 2000, 3000 and 7777, and 0.01 higher for key 4242 (within the tolerance of 0.05 used
 * below).
 */
abstract class ReconcileFixture {
  /** Decimals read as written (147.00 stays 147.00), so their scale is checked too. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  static final String ORDERS =
      "select i as order_id, 'c' || (i % 97) as customer,"
          + " cast(round((i % 500) * 1.37 + 10, 2) as decimal(12,2)) as amount,"
          + " case when i % 3 = 0 then 'paid' else 'open' end as status"
          + " from range(1, 10001) t(i)";

  /** The planted differences, applied to {@code $t}, a copy of the orders. */
  static final String[] PLANTED = {
    "delete from $t where order_id in (17, 5000, 9999)",
    "insert into $t values (10001, 'c1', 5.00, 'open'), (10002, 'c2', 6.00, 'open')",
    "update $t set amount = amount + 5 where order_id in (100, 2000, 3000, 7777)",
    "update $t set amount = amount + 0.01 where order_id = 4242"
  };

  /** What reconciling the orders with their copy finds, in key order, at a tolerance of 0.05. */
  static final List<String> EXPECTED =
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

  Cli.Result reconcile(String... args) {
    List<String> all = new ArrayList<>(List.of("reconcile"));
    all.addAll(List.of(args));
    return project.cli(all.toArray(String[]::new));
  }

  Cli.Result againstCopy(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "shop.orders", "shop.orders", "--against", copy.toString(), "--key", "order_id"));
    all.addAll(List.of(args));
    return reconcile(all.toArray(String[]::new));
  }

  /** The copy, orders_copy, in the project's own warehouse. */
  void copyIntoProjectWarehouse() {
    List<String> statements = new ArrayList<>();
    statements.add("create table shop.orders_copy as " + ORDERS);
    for (String planted : PLANTED) {
      statements.add(planted.replace("$t", "shop.orders_copy"));
    }
    project.execute(statements.toArray(String[]::new));
  }

  /** The other warehouse is byte for byte as it was, and no state was recorded. */
  void assertReadOnly() throws Exception {
    assertThat(hash(copy)).isEqualTo(copyHash);
    try (Stream<Path> files = Files.list(copy.getParent())) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .allMatch(name -> !name.startsWith("copy.duckdb") || name.equals("copy.duckdb"));
    }
    assertThat(project.root.resolve(".tidemark")).doesNotExist();
  }

  static List<Long> counts(JsonNode json) {
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
  static List<String> mismatches(JsonNode json) {
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

  static List<String> names(JsonNode pairs) {
    List<String> names = new ArrayList<>();
    pairs.forEach(pair -> names.add(pair.get("left").asText() + "=" + pair.get("right").asText()));
    return names;
  }

  static void execute(Path file, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  static String hash(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

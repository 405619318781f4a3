package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tidemark reconcile} on bad input: a message naming the problem, exit 2, nothing changed.
 */
class ReconcileBadInputTest extends ReconcileFixture {
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
}

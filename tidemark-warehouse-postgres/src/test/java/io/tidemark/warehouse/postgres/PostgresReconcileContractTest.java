package io.tidemark.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Difference;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.ReconcileContract;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL passes the reconciliation contract, in a database of its own. */
class PostgresReconcileContractTest extends ReconcileContract {
  private final TestDatabases databases = new TestDatabases();

  @Override
  protected Warehouse openEmptyWarehouse() {
    return PostgresWarehouse.open(databases.create(), TestDatabases.USER, null);
  }

  @AfterEach
  void dropDatabases() {
    databases.close();
  }

  @Test
  void postgresTypesOfTheSameValuesCompareByValue() {
    // A timestamp with time zone is read in UTC, not in the session's zone; a real through its
    // shortest text; an unconstrained numeric without its trailing zeros.
    session().execute("SET TimeZone = 'Asia/Tokyo'");
    session()
        .execute(
            "CREATE TABLE recon.left_types (id integer, f real, d numeric(10,3),"
                + " ts timestamptz, b boolean, u numeric, t varchar(5))");
    session()
        .execute(
            "INSERT INTO recon.left_types VALUES"
                + " (1, 0.1, 1.234, '2024-01-01 10:00:00+02', true, 1.50, ''),"
                + " (2, 2.5, -0.5, '2024-06-30 23:30:00+00', false, 7, 'x'),"
                + " (3, NULL, NULL, NULL, NULL, NULL, NULL)");
    session()
        .execute(
            "CREATE TABLE recon.right_types (t text, u numeric, b boolean, ts timestamp,"
                + " d double precision, f double precision, id bigint)");
    session()
        .execute(
            "INSERT INTO recon.right_types VALUES (NULL, NULL, NULL, NULL, NULL, NULL, 3),"
                + " ('x', 7.000, false, '2024-06-30 23:30:00', -0.5, 2.5, 2),"
                + " ('', 1.5, true, '2024-01-01 08:00:00', 1.234, 0.1, 1)");
    ReconcileSide left =
        ReconcileSide.of(
            session(),
            AssetName.parse("recon.left_types"),
            List.of("id"),
            List.of("f", "d", "ts", "b", "u", "t"));
    ReconcileSide right =
        left.counterpart(session(), AssetName.parse("recon.right_types"), Map.of());

    assertThat(reconcile(left, right, options()).matches()).isTrue();

    session()
        .execute(
            "UPDATE recon.right_types SET ts = ts + INTERVAL '1 second', t = NULL WHERE id = 2");
    session().execute("UPDATE recon.left_types SET t = NULL WHERE id = 1");
    assertThat(reconcile(left, right, options()).mismatches())
        .containsExactly(
            new Mismatch(List.of(1L), Kind.DIFFERENT, 1, 1, List.of(new Difference("t", null, ""))),
            new Mismatch(
                List.of(2L),
                Kind.DIFFERENT,
                1,
                1,
                List.of(
                    new Difference(
                        "ts",
                        LocalDateTime.parse("2024-06-30T23:30:00"),
                        LocalDateTime.parse("2024-06-30T23:30:01")),
                    new Difference("t", "x", null))));
  }

  @Test
  void aKeyThatIsNullOrEmptyTextIsTwoDifferentKeys() {
    session()
        .execute("CREATE TABLE recon.l AS SELECT * FROM (VALUES (NULL, 1), ('', 2)) AS t(k, v)");
    session()
        .execute("CREATE TABLE recon.r AS SELECT * FROM (VALUES ('', 2), (NULL, 1)) AS t(k, v)");
    ReconcileSide left =
        ReconcileSide.of(session(), AssetName.parse("recon.l"), List.of("k"), List.of("v"));

    assertThat(
            reconcile(
                    left,
                    left.counterpart(session(), AssetName.parse("recon.r"), Map.of()),
                    options())
                .matches())
        .isTrue();
  }
}

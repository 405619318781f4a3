package io.tidemark.warehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.load.Stageable;
import io.tidemark.core.load.Staging;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.WarehouseContract;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spark keeps the warehouse contract, on the test JVM's one Spark, its catalog emptied per test.
 */
class SparkContractTest extends WarehouseContract {
  @Override
  protected Warehouse openEmptyWarehouse() {
    return TestSpark.emptyWarehouse();
  }

  /** Spark's Parquet tables take no {@code update} or {@code delete}. */
  @Override
  protected boolean updatesRowsInPlace() {
    return false;
  }

  /** Spark keeps the generation on a table model's table too: the write that made it last. */
  @Test
  void aTableModelCarriesTheGenerationOfTheWriteThatMadeItLast() {
    AssetName users = AssetName.parse("marts.users");
    session.write(tableWrite(users, "select distinct user_id from raw.events", 11));
    assertThat(session.tableGenerations()).containsEntry(users, 11L);
    session.write(tableWrite(users, "select distinct user_id, 'x' as tag from raw.events", 12));
    assertThat(session.tableGenerations()).containsEntry(users, 12L);
  }

  /** Loaded rows staged in chunks keep their values and types; closing drops the stage. */
  @Test
  void stagedRowsAreReadableWithTheirTypesAndGoWhenClosed() {
    Staging staging = ((Stageable) session).staging();
    String relation;
    try (Staging.StagedRows rows =
        staging.stage(
            List.of(
                LoadColumn.of("id", LoadType.BIGINT),
                LoadColumn.of("name", LoadType.VARCHAR),
                LoadColumn.decimal("amount", 12, 2),
                LoadColumn.of("day", LoadType.DATE),
                LoadColumn.of("at", LoadType.TIMESTAMP),
                LoadColumn.of("flag", LoadType.BOOLEAN)))) {
      relation = rows.relation();
      int count = SparkStaging.CHUNK + 5;
      for (int i = 0; i < count; i++) {
        rows.append(
            new Object[] {
              (long) i,
              i % 2 == 0 ? null : "n" + i,
              BigDecimal.valueOf(i, 2),
              LocalDate.of(2024, 1, 1).plusDays(i % 3),
              LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i),
              i % 3 == 0
            });
      }
      rows.finish();
      List<Object> summary =
          session
              .query(
                  "select count(*), count(name), sum(amount), max(day), max(at), count_if(flag) from "
                      + relation,
                  1)
              .rows()
              .get(0);
      assertThat(summary)
          .containsExactly(
              (long) count,
              (long) count / 2,
              BigDecimal.valueOf((long) count * (count - 1) / 2, 2),
              LocalDate.of(2024, 1, 3),
              LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(count - 1),
              (long) (count + 2) / 3);
      // The stage is no relation of the warehouse.
      assertThat(session.tableGenerations().keySet())
          .noneMatch(name -> name.table().startsWith("tidemark_load_"));
    }
    assertThat(session.exists(AssetName.parse(relation))).isFalse();
  }
}

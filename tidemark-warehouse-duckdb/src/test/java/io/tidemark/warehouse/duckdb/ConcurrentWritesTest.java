package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.Requests.day;
import static io.tidemark.warehouse.duckdb.Requests.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs in one process (a server's scheduled fire and a backfill queued through its API) may
 * write the same table at the same moment, each in its own session: both writes succeed, one after
 * the other, instead of one failing on DuckDB's catalog conflict.
 */
class ConcurrentWritesTest {
  private static final int ROUNDS = 25;

  @TempDir Path directory;

  @Test
  void twoSessionsReplacingOneTableAtOnceBothSucceed() throws Exception {
    assertThat(writeTogether(round -> table("marts.totals", "SELECT " + round + " AS n")))
        .as("failures")
        .isEmpty();
  }

  @Test
  void twoSessionsCreatingOnePartitionedTableAtOnceBothSucceed() throws Exception {
    LocalDate day = LocalDate.of(2024, 1, 1);
    assertThat(
            writeTogether(
                round ->
                    day(
                        "staging.events_" + round,
                        "event_date",
                        day,
                        "SELECT DATE '" + day + "' AS event_date, " + round + " AS n")))
        .as("failures")
        .isEmpty();
  }

  /** Each round, two sessions write the round's request at once; returns what failed. */
  private List<String> writeTogether(java.util.function.IntFunction<WriteRequest> requests)
      throws Exception {
    List<String> failures = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(directory.resolve("w.duckdb"));
        WarehouseSession first = warehouse.openSession();
        WarehouseSession second = warehouse.openSession()) {
      first.execute("CREATE SCHEMA marts");
      first.execute("CREATE SCHEMA staging");
      for (int round = 0; round < ROUNDS; round++) {
        WriteRequest request = requests.apply(round);
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<?>> writes = new ArrayList<>();
        for (WarehouseSession session : List.of(first, second)) {
          writes.add(
              threads.submit(
                  () -> {
                    together.await();
                    return session.write(request);
                  }));
        }
        for (Future<?> write : writes) {
          try {
            write.get();
          } catch (java.util.concurrent.ExecutionException e) {
            failures.add(e.getCause().getMessage());
          }
        }
      }
    } finally {
      threads.shutdownNow();
    }
    return failures;
  }
}

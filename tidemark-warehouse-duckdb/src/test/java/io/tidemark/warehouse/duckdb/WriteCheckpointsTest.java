package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCheckpointsTest {
  private static final int TABLES = 400;

  @TempDir Path directory;

  /**
   * Two writers rewrite every table of a file side by side, their transactions overlapping, as two
   * workers of a run do. With a checkpoint after every 50 writes the blocks a rewrite frees are
   * reused by the next ones, and the file ends near its used blocks; with none before the end, it
   * ends about twice them.
   */
  @Test
  void checkpointsBetweenOverlappingWritesKeepTheFileNearWhatItsDataNeeds() throws Exception {
    double withCheckpoints = rewriteAll(new WriteCheckpoints(50), "with.duckdb");
    double without = rewriteAll(WriteCheckpoints.NONE, "without.duckdb");

    assertThat(withCheckpoints).isLessThanOrEqualTo(1.3);
    assertThat(without).isGreaterThanOrEqualTo(1.7);
  }

  @Test
  void aCheckpointComesAfterTheConfiguredNumberOfCommittedWritesOnly() throws Exception {
    WriteCheckpoints checkpoints = new WriteCheckpoints(3);
    try (DuckDBConnection connection =
            (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file("count.duckdb"));
        Statement statement = connection.createStatement()) {
      statement.execute("create table t (x integer)");
      statement.execute("checkpoint");
      for (int i = 0; i < 2; i++) {
        int value = i;
        checkpoints.write(
            connection, () -> statement.execute("insert into t values (" + value + ")"));
      }
      assertThat(walSize("count.duckdb")).isPositive();
      checkpoints.write(connection, () -> statement.execute("insert into t values (2)"));
      assertThat(walSize("count.duckdb")).isZero();
      try {
        checkpoints.write(
            connection,
            () -> {
              throw new SQLException("failed write");
            });
      } catch (SQLException expected) {
        // A failed write is no committed write.
      }
      checkpoints.write(connection, () -> statement.execute("insert into t values (3)"));
      checkpoints.write(connection, () -> statement.execute("insert into t values (4)"));
      assertThat(walSize("count.duckdb")).isPositive();
    }
  }

  private double rewriteAll(WriteCheckpoints checkpoints, String name) throws Exception {
    Path file = file(name);
    try (DuckDBConnection root =
            (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement statement = root.createStatement()) {
      for (int i = 0; i < TABLES; i++) {
        statement.execute("create table t" + i + " as select 1 as day, range as x from range(5)");
      }
      statement.execute("checkpoint");
      ExecutorService writers = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int writer = 0; writer < 2; writer++) {
          int first = writer;
          Connection connection = root.duplicate();
          done.add(
              writers.submit(
                  () -> {
                    try (connection;
                        Statement each = connection.createStatement()) {
                      for (int i = first; i < TABLES; i += 2) {
                        int table = i;
                        checkpoints.write(
                            connection,
                            () -> {
                              each.execute("begin transaction");
                              each.execute("delete from t" + table + " where day = 2");
                              each.execute(
                                  "insert into t" + table + " select 2, range from range(5)");
                              each.execute("commit");
                              return null;
                            });
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> each : done) {
          each.get();
        }
      } finally {
        writers.shutdown();
      }
      statement.execute("checkpoint");
      try (ResultSet size =
          statement.executeQuery("select block_size, used_blocks from pragma_database_size()")) {
        size.next();
        return (double) Files.size(file) / (size.getLong(1) * size.getLong(2));
      }
    }
  }

  private Path file(String name) {
    return directory.resolve(name);
  }

  private long walSize(String name) throws Exception {
    Path wal = directory.resolve(name + ".wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }
}

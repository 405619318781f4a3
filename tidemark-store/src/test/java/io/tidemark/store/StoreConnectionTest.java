package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each caller gets a connection of its own: a reader is not held up by a transaction in progress,
 * and writers go on together where the database allows it (PostgreSQL) and take turns where it does
 * not (SQLite).
 */
class StoreConnectionTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path directory;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private String schema;

  @AfterEach
  void cleanUp() throws SQLException {
    threads.shutdownNow();
    if (schema != null) {
      try (Connection connection = DriverManager.getConnection(SERVER);
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private StoreConnection sqlite() {
    return new StoreConnection("jdbc:sqlite:" + directory.resolve("store.db"), Dialect.SQLITE);
  }

  private StoreConnection postgres() throws SQLException {
    schema = "tm_pool_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    return new StoreConnection(SERVER + "&currentSchema=" + schema, Dialect.POSTGRESQL);
  }

  private static void createTable(StoreConnection store) {
    store.write("create", s -> s.prepare("CREATE TABLE t (x INTEGER)").executeUpdate());
  }

  private static long count(StoreConnection store) {
    return store.read(
        "count",
        s -> {
          try (ResultSet rows = s.prepare("SELECT count(*) FROM t").executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  /** Starts a write that inserts a row, then holds its transaction open until released. */
  private Future<Integer> heldWrite(
      StoreConnection store, CountDownLatch inside, CountDownLatch release, List<String> events) {
    return threads.submit(
        () ->
            store.write(
                "held",
                s -> {
                  s.prepare("INSERT INTO t VALUES (1)").executeUpdate();
                  inside.countDown();
                  awaitQuietly(release);
                  events.add("first write commits");
                  return 1;
                }));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aReaderGoesOnBesideAWriteInProgressOnSqlite() throws Exception {
    try (StoreConnection store = sqlite()) {
      readerGoesOnBesideAWrite(store);
    }
  }

  @Test
  void aReaderGoesOnBesideAWriteInProgressOnPostgres() throws Exception {
    try (StoreConnection store = postgres()) {
      readerGoesOnBesideAWrite(store);
    }
  }

  private void readerGoesOnBesideAWrite(StoreConnection store) throws Exception {
    createTable(store);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Integer> write = heldWrite(store, inside, release, new CopyOnWriteArrayList<>());
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    // Answered while the write still holds its transaction: it sees nothing uncommitted.
    assertThat(count(store)).isZero();

    release.countDown();
    write.get(30, TimeUnit.SECONDS);
    assertThat(count(store)).isEqualTo(1);
  }

  @Test
  void writersGoOnTogetherOnPostgres() throws Exception {
    try (StoreConnection store = postgres()) {
      createTable(store);
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<String> events = new CopyOnWriteArrayList<>();
      Future<Integer> first = heldWrite(store, inside, release, events);
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

      store.write("second", s -> s.prepare("INSERT INTO t VALUES (2)").executeUpdate());
      events.add("second write commits");

      release.countDown();
      first.get(30, TimeUnit.SECONDS);
      assertThat(events).containsExactly("second write commits", "first write commits");
      assertThat(count(store)).isEqualTo(2);
    }
  }

  @Test
  void writersTakeTurnsOnSqlite() throws Exception {
    try (StoreConnection store = sqlite()) {
      createTable(store);
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<String> events = new CopyOnWriteArrayList<>();
      Future<Integer> first = heldWrite(store, inside, release, events);
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

      Future<?> second =
          threads.submit(
              () -> {
                store.write("second", s -> s.prepare("INSERT INTO t VALUES (2)").executeUpdate());
                events.add("second write commits");
              });
      release.countDown();
      first.get(30, TimeUnit.SECONDS);
      second.get(30, TimeUnit.SECONDS);

      assertThat(events).containsExactly("first write commits", "second write commits");
      assertThat(count(store)).isEqualTo(2);
    }
  }
}

package io.tidemark.warehouse.duckdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Checkpoints a warehouse file between writes, after every {@link #every} committed write
 * transactions of its sessions.
 *
 * <p>DuckDB checkpoints on its own when its write-ahead log reaches a size (16 MiB), or a number of
 * entries; but only at a commit when no other transaction is writing. Thousands of partition writes
 * of a few rows never reach the size, and with two or more workers writing side by side, each write
 * taking long on a busy machine, there is almost never a commit with no other write in flight: the
 * checkpoints were skipped for whole runs, every table written was checkpointed at the end, each
 * new block written while the old one was still in use, and the file ended twice what its data
 * needs. Here every write transaction holds a shared lock for its duration; after every {@code
 * every} commits, the session that committed last takes the lock exclusively, which waits for the
 * writes in flight and holds back new ones for the checkpoint's duration, and checkpoints. The
 * blocks that the checkpoint frees are reused by the writes after it, so the file stays about what
 * the data needs.
 */
final class WriteCheckpoints {
  /** A checkpoint after this many committed writes (each is one table's partition or batch). */
  static final int DEFAULT_EVERY = 250;

  /** For a database with no file: nothing to checkpoint, no lock taken. */
  static final WriteCheckpoints NONE = new WriteCheckpoints(0);

  private final int every;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicInteger sinceLast = new AtomicInteger();

  /**
   * @param every commits between checkpoints; 0: never
   */
  WriteCheckpoints(int every) {
    if (every < 0) {
      throw new IllegalArgumentException("every must not be negative: " + every);
    }
    this.every = every;
  }

  int every() {
    return every;
  }

  /**
   * Runs {@code transaction}, a write transaction over {@code connection}, under the shared lock;
   * after it commits, checkpoints over the same connection when {@link #every} writes have
   * committed since the last checkpoint.
   */
  <T> T write(Connection connection, StatementRunner.Work<T> transaction) throws SQLException {
    if (every == 0) {
      return transaction.run();
    }
    T result;
    lock.readLock().lock();
    try {
      result = transaction.run();
    } finally {
      lock.readLock().unlock();
    }
    if (sinceLast.incrementAndGet() >= every) {
      checkpoint(connection);
    }
    return result;
  }

  /**
   * Waits for the writes in flight, holds back new ones and checkpoints. Another session may have
   * checkpointed meanwhile, which this one then leaves at that. A checkpoint DuckDB refuses
   * (another process's or a read's transaction) is tried again after the next write.
   */
  private void checkpoint(Connection connection) {
    lock.writeLock().lock();
    try {
      if (sinceLast.get() < every) {
        return;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
        sinceLast.set(0);
      } catch (SQLException e) {
        // Left to the next write, or to the checkpoint at the end of the run.
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}

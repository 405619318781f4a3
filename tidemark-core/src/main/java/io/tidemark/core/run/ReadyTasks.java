package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.plan.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * The tasks of a run that may start, kept by asset, so that taking the next one costs the same
 * however many are ready: a run of 10,000 models has tens of thousands ready at once, and a scan of
 * all of them for each task started makes a run quadratic in its size.
 *
 * <p>Tasks start in the order they became ready, except that an asset runs one task (or one batch
 * of adjacent partitions) at a time: an asset that is busy is passed over until it is idle again,
 * and then its oldest ready task goes first. A batch is the ready partitions adjacent to the oldest
 * one, up to the asset's batch size. Not thread-safe: the run's coordinator alone uses it.
 */
final class ReadyTasks {
  /** An idle asset with ready tasks, by the sequence number of its oldest one. */
  private record Candidate(long sequence, AssetName asset) {}

  private final ToIntFunction<AssetName> batchSizes;

  /** Per asset, its ready partitions in the order they became ready, with that order's number. */
  private final Map<AssetName, LinkedHashMap<PartitionKey, Long>> byAsset = new HashMap<>();

  private final PriorityQueue<Candidate> idle =
      new PriorityQueue<>((a, b) -> Long.compare(a.sequence(), b.sequence()));
  private final Set<AssetName> busy = new HashSet<>();
  private long sequence;
  private int size;

  /**
   * @param batchSizes the most partitions of an asset built by one statement (1: one at a time)
   */
  ReadyTasks(ToIntFunction<AssetName> batchSizes) {
    this.batchSizes = requireNonNull(batchSizes, "batchSizes is null");
  }

  /** The task may start. */
  void add(Task task) {
    LinkedHashMap<PartitionKey, Long> keys =
        byAsset.computeIfAbsent(task.asset(), a -> new LinkedHashMap<>());
    if (keys.containsKey(task.partition())) {
      return;
    }
    long number = sequence++;
    keys.put(task.partition(), number);
    size++;
    if (keys.size() == 1 && !busy.contains(task.asset())) {
      idle.add(new Candidate(number, task.asset()));
    }
  }

  /** Whether no task is ready. */
  boolean isEmpty() {
    return size == 0;
  }

  /**
   * The next task to start, with the ready partitions adjacent to it that its asset builds in the
   * same statement; its asset is busy from now until {@link #finished}. Tasks {@code done} (skipped
   * while they waited) are dropped on the way. Empty when every asset with ready tasks is busy.
   */
  Optional<List<Task>> next(Predicate<Task> done) {
    while (!idle.isEmpty()) {
      Candidate candidate = idle.poll();
      AssetName asset = candidate.asset();
      LinkedHashMap<PartitionKey, Long> keys = byAsset.get(asset);
      dropDone(asset, keys, done);
      if (keys == null || keys.isEmpty() || busy.contains(asset)) {
        continue;
      }
      busy.add(asset);
      return Optional.of(batch(asset, keys));
    }
    return Optional.empty();
  }

  /** The asset's task or batch ended: its other ready tasks may start. */
  void finished(AssetName asset) {
    if (!busy.remove(asset)) {
      return;
    }
    LinkedHashMap<PartitionKey, Long> keys = byAsset.get(asset);
    if (keys != null && !keys.isEmpty()) {
      idle.add(new Candidate(keys.values().iterator().next(), asset));
    }
  }

  private void dropDone(
      AssetName asset, LinkedHashMap<PartitionKey, Long> keys, Predicate<Task> done) {
    if (keys == null) {
      return;
    }
    for (Iterator<PartitionKey> it = keys.keySet().iterator(); it.hasNext(); ) {
      if (done.test(new Task(asset, it.next()))) {
        it.remove();
        size--;
      }
    }
  }

  /** The oldest ready partition and the ready ones adjacent to it, up to the batch size. */
  private List<Task> batch(AssetName asset, LinkedHashMap<PartitionKey, Long> keys) {
    PartitionKey oldest = keys.keySet().iterator().next();
    int limit = batchSizes.applyAsInt(asset);
    PartitionKey first = oldest;
    PartitionKey last = oldest;
    int count = 1;
    // An unpartitioned table's one partition has no neighbours, whatever its batch size.
    if (limit > 1 && keys.size() > 1 && !oldest.equals(PartitionKey.ALL)) {
      while (count < limit && keys.containsKey(first.plus(-1))) {
        first = first.plus(-1);
        count++;
      }
      while (count < limit && keys.containsKey(last.next())) {
        last = last.next();
        count++;
      }
    }
    List<Task> batch = new ArrayList<>(count);
    PartitionKey key = first;
    for (int i = 0; i < count; i++, key = key.next()) {
      keys.remove(key);
      size--;
      batch.add(new Task(asset, key));
    }
    return batch;
  }
}

package io.tidemark.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.plan.Task;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadyTasksTest {
  private static final AssetName A = AssetName.parse("s.a");
  private static final AssetName B = AssetName.parse("s.b");
  private static final AssetName C = AssetName.parse("s.c");
  private final ReadyTasks ready = new ReadyTasks(asset -> Map.of(B, 3).getOrDefault(asset, 1));

  private static Task task(AssetName asset, int day) {
    return new Task(asset, PartitionKey.day(LocalDate.of(2024, 1, 1).plusDays(day)));
  }

  private List<Task> next() {
    return ready.next(t -> false).orElseThrow();
  }

  @Test
  void tasksStartInTheOrderTheyBecameReadyOneAtATimePerAsset() {
    ready.add(task(A, 0));
    ready.add(task(C, 0));
    ready.add(task(A, 1));

    assertThat(next()).containsExactly(task(A, 0));
    // A is busy: its second day waits, C goes.
    assertThat(next()).containsExactly(task(C, 0));
    assertThat(ready.next(t -> false)).isEmpty();
    assertThat(ready.isEmpty()).isFalse();

    ready.finished(A);
    assertThat(next()).containsExactly(task(A, 1));
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void anIdleAssetGoesBeforeTasksThatBecameReadyAfterItsOldest() {
    ready.add(task(A, 0));
    ready.add(task(A, 1));
    assertThat(next()).containsExactly(task(A, 0));
    ready.add(task(C, 0));
    ready.finished(A);

    assertThat(next()).containsExactly(task(A, 1));
    assertThat(next()).containsExactly(task(C, 0));
  }

  @Test
  void aBatchIsTheAdjacentReadyPartitionsAroundTheOldestUpToTheBatchSize() {
    ready.add(task(B, 5));
    ready.add(task(B, 4));
    ready.add(task(B, 6));
    ready.add(task(B, 7));
    ready.add(task(B, 9));

    assertThat(next()).containsExactly(task(B, 4), task(B, 5), task(B, 6));
    ready.finished(B);
    assertThat(next()).containsExactly(task(B, 7));
    ready.finished(B);
    assertThat(next()).containsExactly(task(B, 9));
  }

  @Test
  void anUnpartitionedTableIsOneTaskWhateverItsBatchSize() {
    ready.add(new Task(B, PartitionKey.ALL));

    assertThat(next()).containsExactly(new Task(B, PartitionKey.ALL));
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void tasksDoneWhileTheyWaitedAreDropped() {
    ready.add(task(A, 0));
    ready.add(task(A, 1));
    ready.add(task(C, 0));
    Set<Task> done = Set.of(task(A, 0), task(C, 0));

    assertThat(ready.next(done::contains)).contains(List.of(task(A, 1)));
    assertThat(ready.next(done::contains)).isEqualTo(Optional.empty());
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void takingTheNextTaskCostsTheSameHoweverManyAreReady() {
    // 100,000 ready tasks over 10,000 assets: each take is a few map operations, so this ends at
    // once; the scan it replaces visited every ready task per take (10^10 steps here).
    for (int day = 0; day < 10; day++) {
      for (int i = 0; i < 10_000; i++) {
        ready.add(task(AssetName.parse("s.m" + i), day));
      }
    }
    int taken = 0;
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 10_000; i++) {
        List<Task> batch = next();
        taken += batch.size();
        ready.finished(batch.get(0).asset());
      }
    }
    assertThat(taken).isEqualTo(100_000);
    assertThat(ready.isEmpty()).isTrue();
  }
}

package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.state.Run;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of several executed together by {@link RunExecutor#executeTogether}: its own run record,
 * its own plan and its own listener, which hears its tasks alone and its own end.
 */
public record RunMember(Run run, Plan plan, RunListener listener) {
  public RunMember {
    requireNonNull(run, "run is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(listener, "listener is null");
  }

  /**
   * The run of each planned asset, checking that runs executed together share no asset (each asset
   * is written by one run) and were planned as of the same instant (they share one lineage).
   *
   * @throws IllegalArgumentException when they do not
   */
  static Map<AssetName, RunMember> byAsset(List<RunMember> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no runs to execute");
    }
    Map<AssetName, RunMember> owners = new HashMap<>();
    for (RunMember member : members) {
      if (!member.plan().asOf().equals(members.get(0).plan().asOf())) {
        throw new IllegalArgumentException(
            "runs executed together must be planned as of one instant: run "
                + member.run().id()
                + " was planned as of "
                + member.plan().asOf()
                + ", run "
                + members.get(0).run().id()
                + " as of "
                + members.get(0).plan().asOf());
      }
      for (PlannedTask task : member.plan().tasks()) {
        RunMember other = owners.putIfAbsent(task.task().asset(), member);
        if (other != null && other != member) {
          throw new IllegalArgumentException(
              "runs "
                  + other.run().id()
                  + " and "
                  + member.run().id()
                  + " both build "
                  + task.task().asset()
                  + ": runs executed together must not share an asset");
        }
      }
    }
    return owners;
  }

  /** One plan of every member's tasks, with every member's states. */
  static Plan union(List<RunMember> members) {
    Plan first = members.get(0).plan();
    if (members.size() == 1) {
      return first;
    }
    List<PlannedTask> tasks = new ArrayList<>();
    Map<AssetName, Map<String, ?>> seen = new HashMap<>();
    boolean shared = members.stream().allMatch(m -> m.plan().states() == first.states());
    Map<AssetName, Map<String, io.tidemark.core.state.PartitionState>> states =
        shared ? first.states() : new LinkedHashMap<>();
    List<String> selections = new ArrayList<>();
    for (RunMember member : members) {
      tasks.addAll(member.plan().tasks());
      selections.add(member.plan().selection());
      if (!shared) {
        member
            .plan()
            .states()
            .forEach(
                (asset, byKey) -> {
                  if (seen.putIfAbsent(asset, byKey) == null) {
                    states.put(asset, byKey);
                  } else if (seen.get(asset) != byKey) {
                    Map<String, io.tidemark.core.state.PartitionState> merged =
                        new HashMap<>(states.get(asset));
                    merged.putAll(byKey);
                    states.put(asset, merged);
                  }
                });
      }
    }
    return new Plan(
        String.join(" ", selections), first.range(), tasks, 0, List.of(), first.asOf(), states);
  }
}

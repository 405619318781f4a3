package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.RepairTask;
import java.util.List;

/**
 * A stored repair and the tasks of its plan no run of it has finished.
 *
 * @param remaining in plan order
 */
public record Resumption(Repair repair, List<RepairTask> remaining) {
  public Resumption {
    requireNonNull(repair, "repair is null");
    remaining = List.copyOf(requireNonNull(remaining, "remaining is null"));
  }

  public boolean alreadyFinished() {
    return repair.status() == RepairStatus.SUCCEEDED;
  }
}

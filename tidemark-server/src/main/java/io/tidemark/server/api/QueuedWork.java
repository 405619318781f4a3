package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.Resumption;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a queued job does, from what was asked for alone: so the API's jobs and those a server takes
 * over from the state store after a restart run the same way. A backfill plans again when its turn
 * comes (what was built meanwhile is not built twice, unless it was asked with force); a repair
 * resumes (what its runs finished is not run again).
 */
public final class QueuedWork {
  private final RunService runs;
  private final RepairService repairs;
  private final RunOptions options;

  QueuedWork(RunService runs, RepairService repairs, RunOptions options) {
    this.runs = requireNonNull(runs, "runs is null");
    this.repairs = requireNonNull(repairs, "repairs is null");
    this.options = requireNonNull(options, "options is null");
  }

  public RunQueue.Work of(Job.Request request) {
    requireNonNull(request, "request is null");
    if (request.kind().equals("repair")) {
      long id = requireNonNull(request.repairId(), "a repair job names its repair");
      return (listener, cancellation) -> {
        Resumption now = repairs.resume(id);
        if (now.alreadyFinished()) {
          return Optional.empty();
        }
        return Optional.of(
            repairs.run(now.repair(), now.remaining(), options, listener, cancellation));
      };
    }
    TimeRange range =
        TimeRange.ofDays(
            LocalDate.parse(request.rangeStart()), LocalDate.parse(request.rangeEnd()));
    return (listener, cancellation) ->
        runs.backfill(request.selection(), range, request.force(), options, listener, cancellation)
            .summary();
  }
}

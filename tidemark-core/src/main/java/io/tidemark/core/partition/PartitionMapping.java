package io.tidemark.core.partition;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the partitions of a downstream asset read the partitions of one upstream asset. Impact
 * analysis walks these forwards ({@link #downstreamOf}); planning and data versions walk them
 * backwards ({@link #upstreamOf}). Both directions are exact inverses of each other.
 */
public sealed interface PartitionMapping {
  /** The upstream partitions inside {@code upstreamBounds} that {@code downstream} reads. */
  List<PartitionKey> upstreamOf(
      PartitionKey downstream, Grain upstreamGrain, TimeRange upstreamBounds);

  /**
   * The span of time, inside {@code downstreamBounds}, of the downstream partitions that read any
   * upstream partition overlapping {@code [start, end)}. For a run of consecutive upstream
   * partitions it is exactly the union of what each one maps to, which lets impact analysis walk
   * ranges instead of single partitions. Partitions overlapping the span are the readers.
   */
  TimeRange downstreamSpan(
      LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange downstreamBounds);

  /** The downstream partitions inside {@code downstreamBounds} that read {@code upstream}. */
  default List<PartitionKey> downstreamOf(
      PartitionKey upstream, Grain downstreamGrain, TimeRange downstreamBounds) {
    if (downstreamGrain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    return downstreamSpan(upstream.start(), upstream.end(), downstreamGrain, downstreamBounds)
        .partitionsOverlapping(downstreamGrain);
  }

  /** The text form, as written in YAML. */
  String describe();

  /** Why this mapping cannot join the given grains, or empty when it can. */
  Optional<String> problem(Grain downstreamGrain, Grain upstreamGrain, boolean selfEdge);

  /** The mapping used when YAML names none. */
  static PartitionMapping defaultFor(Grain downstreamGrain, Grain upstreamGrain, boolean selfEdge) {
    if (selfEdge) {
      return new Previous();
    }
    if (downstreamGrain == Grain.ALL || upstreamGrain == Grain.ALL) {
      return new All();
    }
    return upstreamGrain.isFinerThan(downstreamGrain) ? new Rollup() : new Identity();
  }

  /**
   * Parses {@code identity}, {@code rollup}, {@code all}, {@code previous}, {@code window(7)} or
   * {@code offset(-1)}.
   */
  static PartitionMapping parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher call = Pattern.compile("(window|offset)[(:](-?\\d+)\\)?").matcher(value);
    if (call.matches()) {
      int n = Integer.parseInt(call.group(2));
      return call.group(1).equals("window") ? new Window(n) : new Offset(n);
    }
    return switch (value) {
      case "identity" -> new Identity();
      case "rollup" -> new Rollup();
      case "all" -> new All();
      case "previous" -> new Previous();
      default ->
          throw new IllegalArgumentException(
              "unknown partition mapping '"
                  + text
                  + "' (expected identity, rollup, all, previous, window(N) or offset(N))");
    };
  }

  /** The upstream partitions covering the same time: day d reads day d, a day reads its month. */
  record Identity() implements PartitionMapping {
    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return Spans.overlapping(d.start(), d.end(), upstreamGrain, bounds);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      return new TimeRange(start, end).intersect(bounds);
    }

    @Override
    public String describe() {
      return "identity";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      if (selfEdge) {
        return Optional.of("a model cannot read its own partition; use 'previous'");
      }
      if (up.isFinerThan(down)) {
        return Optional.of(
            "identity joins equal grains; a "
                + down.label()
                + " reading "
                + up.label()
                + " partitions is a 'rollup'");
      }
      return Optional.empty();
    }
  }

  /** A coarser partition reads all finer partitions inside it: a month reads its days. */
  record Rollup() implements PartitionMapping {
    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return Spans.overlapping(d.start(), d.end(), upstreamGrain, bounds);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      return new TimeRange(start, end).intersect(bounds);
    }

    @Override
    public String describe() {
      return "rollup";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      if (selfEdge || !up.isFinerThan(down) || down == Grain.ALL) {
        return Optional.of(
            "rollup needs an upstream grain finer than the downstream one (got "
                + up.label()
                + " into "
                + down.label()
                + ")");
      }
      return Optional.empty();
    }
  }

  /** Partition d reads the {@code size} partitions ending with d (a trailing window). */
  record Window(int size) implements PartitionMapping {
    public Window {
      if (size < 1) {
        throw new IllegalArgumentException("window size must be at least 1, got " + size);
      }
    }

    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return Spans.overlapping(
          d.grain().plus(d.start(), -(size - 1)), d.end(), upstreamGrain, bounds);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      // Read by every downstream partition whose window [start - (size-1), end) overlaps it.
      return new TimeRange(start, downstreamGrain.plus(end, size - 1)).intersect(bounds);
    }

    @Override
    public String describe() {
      return "window(" + size + ")";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      if (down == Grain.ALL || up == Grain.ALL) {
        return Optional.of("window needs both assets partitioned");
      }
      if (selfEdge) {
        return Optional.of("a window over the model itself would read its own partition");
      }
      return Optional.empty();
    }
  }

  /** Partition d reads the partition {@code shift} partitions away (negative: earlier). */
  record Offset(int shift) implements PartitionMapping {
    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return Spans.overlapping(
          d.grain().plus(d.start(), shift), d.grain().plus(d.end(), shift), upstreamGrain, bounds);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      // Shift the span widened to whole downstream partitions: shifting a mid-month instant by
      // months clamps its day (Jan 30 and Jan 31 both + 1 month = Feb 29) and can empty the span.
      LocalDateTime first = downstreamGrain.truncate(start);
      LocalDateTime last = downstreamGrain.truncate(end);
      if (last.isBefore(end)) {
        last = downstreamGrain.plus(last, 1);
      }
      return new TimeRange(downstreamGrain.plus(first, -shift), downstreamGrain.plus(last, -shift))
          .intersect(bounds);
    }

    @Override
    public String describe() {
      return "offset(" + shift + ")";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      if (down == Grain.ALL || up == Grain.ALL) {
        return Optional.of("offset needs both assets partitioned");
      }
      if (selfEdge && shift >= 0) {
        return Optional.of("a model can only read its own earlier partitions (offset < 0)");
      }
      return Optional.empty();
    }
  }

  /**
   * A model reads its own previous partition (a cumulative table): damage to day d runs forward to
   * every later day.
   */
  record Previous() implements PartitionMapping {
    private static final Offset ONE_BACK = new Offset(-1);

    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return ONE_BACK.upstreamOf(d, upstreamGrain, bounds);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      return ONE_BACK.downstreamSpan(start, end, downstreamGrain, bounds);
    }

    @Override
    public String describe() {
      return "previous";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      if (!selfEdge) {
        return Optional.of("'previous' is for a model reading itself ({{ this }})");
      }
      if (down == Grain.ALL) {
        return Optional.of("'previous' needs a partitioned model");
      }
      return Optional.empty();
    }
  }

  /** Every partition of the upstream asset: the default into or out of an unpartitioned asset. */
  record All() implements PartitionMapping {
    @Override
    public List<PartitionKey> upstreamOf(PartitionKey d, Grain upstreamGrain, TimeRange bounds) {
      return bounds.partitionsOverlapping(upstreamGrain);
    }

    @Override
    public TimeRange downstreamSpan(
        LocalDateTime start, LocalDateTime end, Grain downstreamGrain, TimeRange bounds) {
      return bounds;
    }

    @Override
    public String describe() {
      return "all";
    }

    @Override
    public Optional<String> problem(Grain down, Grain up, boolean selfEdge) {
      return selfEdge ? Optional.of("a model cannot read all of itself") : Optional.empty();
    }
  }

  /** Overlap arithmetic shared by the mappings. */
  final class Spans {
    private Spans() {}

    static List<PartitionKey> overlapping(
        LocalDateTime start, LocalDateTime end, Grain grain, TimeRange bounds) {
      if (grain == Grain.ALL) {
        return List.of(PartitionKey.ALL);
      }
      return new TimeRange(start, end).intersect(bounds).partitionsOverlapping(grain);
    }
  }
}

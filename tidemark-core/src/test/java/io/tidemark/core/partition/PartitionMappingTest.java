package io.tidemark.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.partition.PartitionMapping.All;
import io.tidemark.core.partition.PartitionMapping.Identity;
import io.tidemark.core.partition.PartitionMapping.Offset;
import io.tidemark.core.partition.PartitionMapping.Previous;
import io.tidemark.core.partition.PartitionMapping.Rollup;
import io.tidemark.core.partition.PartitionMapping.Window;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionMappingTest {
  private static final TimeRange UNBOUNDED =
      new TimeRange(LocalDateTime.of(2000, 1, 1, 0, 0), LocalDateTime.of(2100, 1, 1, 0, 0));

  private static PartitionKey hour(String text) {
    return PartitionKey.parse(Grain.HOUR, text);
  }

  private static PartitionKey day(String text) {
    return PartitionKey.parse(Grain.DAY, text);
  }

  private static PartitionKey month(String text) {
    return PartitionKey.parse(Grain.MONTH, text);
  }

  private static TimeRange days(String first, String last) {
    return TimeRange.ofDays(LocalDate.parse(first), LocalDate.parse(last));
  }

  private static List<String> keys(List<PartitionKey> partitions) {
    return partitions.stream().map(PartitionKey::toString).toList();
  }

  @Test
  void identityReadsTheSameDay() {
    PartitionMapping identity = new Identity();

    assertThat(identity.upstreamOf(day("2024-01-05"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-01-05"));
    assertThat(identity.downstreamOf(day("2024-01-05"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-01-05"));
  }

  @Test
  void identityFromACoarserUpstreamReadsThePartitionContainingTheDay() {
    PartitionMapping identity = new Identity();

    assertThat(identity.upstreamOf(day("2024-02-29"), Grain.MONTH, UNBOUNDED))
        .containsExactly(month("2024-02"));
    assertThat(identity.downstreamOf(month("2024-02"), Grain.DAY, UNBOUNDED))
        .hasSize(29)
        .startsWith(day("2024-02-01"))
        .endsWith(day("2024-02-29"));
  }

  @Test
  void rollupMonthReadsEveryDayOfItsMonth() {
    PartitionMapping rollup = new Rollup();

    assertThat(rollup.upstreamOf(month("2023-02"), Grain.DAY, UNBOUNDED)).hasSize(28);
    assertThat(rollup.upstreamOf(month("2024-02"), Grain.DAY, UNBOUNDED)).hasSize(29);
    assertThat(rollup.upstreamOf(month("2024-04"), Grain.DAY, UNBOUNDED)).hasSize(30);
    assertThat(rollup.upstreamOf(month("2024-01"), Grain.DAY, UNBOUNDED))
        .hasSize(31)
        .startsWith(day("2024-01-01"))
        .endsWith(day("2024-01-31"));
    assertThat(rollup.downstreamOf(day("2024-01-31"), Grain.MONTH, UNBOUNDED))
        .containsExactly(month("2024-01"));
  }

  @Test
  void rollupDayReadsItsTwentyFourHours() {
    PartitionMapping rollup = new Rollup();

    List<PartitionKey> hours = rollup.upstreamOf(day("2024-01-05"), Grain.HOUR, UNBOUNDED);

    assertThat(hours).hasSize(24).startsWith(hour("2024-01-05T00")).endsWith(hour("2024-01-05T23"));
    assertThat(rollup.downstreamOf(hour("2024-01-05T23"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-01-05"));
  }

  @Test
  void windowReadsTheTrailingDaysAndIsReadByTheFollowingDays() {
    PartitionMapping window = new Window(7);

    assertThat(keys(window.upstreamOf(day("2024-01-10"), Grain.DAY, UNBOUNDED)))
        .containsExactly(
            "2024-01-04",
            "2024-01-05",
            "2024-01-06",
            "2024-01-07",
            "2024-01-08",
            "2024-01-09",
            "2024-01-10");
    assertThat(keys(window.downstreamOf(day("2024-01-10"), Grain.DAY, UNBOUNDED)))
        .containsExactly(
            "2024-01-10",
            "2024-01-11",
            "2024-01-12",
            "2024-01-13",
            "2024-01-14",
            "2024-01-15",
            "2024-01-16");
  }

  @Test
  void windowOfOneIsIdentity() {
    assertThat(new Window(1).upstreamOf(day("2024-01-10"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-01-10"));
  }

  @Test
  void offsetReadsAShiftedPartition() {
    PartitionMapping offset = new Offset(-1);

    assertThat(offset.upstreamOf(day("2024-03-01"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-02-29"));
    assertThat(offset.downstreamOf(day("2024-02-29"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-03-01"));
    assertThat(new Offset(2).upstreamOf(day("2024-03-01"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-03-03"));
  }

  @Test
  void offsetOfAMonthReadsTheDaysOfTheMonthBefore() {
    PartitionMapping offset = new Offset(-1);

    assertThat(offset.upstreamOf(month("2024-03"), Grain.DAY, UNBOUNDED))
        .hasSize(29)
        .startsWith(day("2024-02-01"))
        .endsWith(day("2024-02-29"));
    assertThat(offset.downstreamOf(day("2024-01-30"), Grain.MONTH, UNBOUNDED))
        .containsExactly(month("2024-02"));
    assertThat(offset.downstreamOf(day("2024-01-31"), Grain.MONTH, UNBOUNDED))
        .containsExactly(month("2024-02"));
  }

  @Test
  void previousReadsTheDayBeforeAndIsReadByTheDayAfter() {
    PartitionMapping previous = new Previous();

    assertThat(previous.upstreamOf(day("2024-01-01"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2023-12-31"));
    assertThat(previous.downstreamOf(day("2023-12-31"), Grain.DAY, UNBOUNDED))
        .containsExactly(day("2024-01-01"));
    assertThat(previous.upstreamOf(hour("2024-01-01T00"), Grain.HOUR, UNBOUNDED))
        .containsExactly(hour("2023-12-31T23"));
  }

  @Test
  void allReadsEveryPartitionInBounds() {
    PartitionMapping all = new All();

    assertThat(keys(all.upstreamOf(PartitionKey.ALL, Grain.DAY, days("2024-01-01", "2024-01-03"))))
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(all.downstreamOf(day("2024-01-02"), Grain.ALL, UNBOUNDED))
        .containsExactly(PartitionKey.ALL);
    assertThat(all.upstreamOf(day("2024-01-02"), Grain.ALL, UNBOUNDED))
        .containsExactly(PartitionKey.ALL);
    assertThat(
            keys(all.downstreamOf(PartitionKey.ALL, Grain.MONTH, days("2024-01-01", "2024-03-31"))))
        .containsExactly("2024-01", "2024-02", "2024-03");
  }

  @Test
  void boundsClipTheResults() {
    TimeRange bounds = days("2024-01-03", "2024-01-12");

    assertThat(keys(new Window(7).upstreamOf(day("2024-01-05"), Grain.DAY, bounds)))
        .containsExactly("2024-01-03", "2024-01-04", "2024-01-05");
    assertThat(keys(new Window(7).downstreamOf(day("2024-01-10"), Grain.DAY, bounds)))
        .containsExactly("2024-01-10", "2024-01-11", "2024-01-12");
    assertThat(new Previous().upstreamOf(day("2024-01-03"), Grain.DAY, bounds)).isEmpty();
    assertThat(new Identity().upstreamOf(day("2024-01-20"), Grain.DAY, bounds)).isEmpty();
    assertThat(new Rollup().upstreamOf(month("2024-01"), Grain.DAY, bounds)).hasSize(10);
  }

  @Test
  void parseReadsEveryTextForm() {
    assertThat(PartitionMapping.parse("identity")).isEqualTo(new Identity());
    assertThat(PartitionMapping.parse("rollup")).isEqualTo(new Rollup());
    assertThat(PartitionMapping.parse("all")).isEqualTo(new All());
    assertThat(PartitionMapping.parse("previous")).isEqualTo(new Previous());
    assertThat(PartitionMapping.parse("window(7)")).isEqualTo(new Window(7));
    assertThat(PartitionMapping.parse("offset(-1)")).isEqualTo(new Offset(-1));
    assertThat(PartitionMapping.parse("offset(3)")).isEqualTo(new Offset(3));
    assertThat(PartitionMapping.parse(" Window( 7 ) ")).isEqualTo(new Window(7));
    assertThat(PartitionMapping.parse("ROLLUP")).isEqualTo(new Rollup());
  }

  @Test
  void describeIsTheTextThatParsesBack() {
    for (PartitionMapping mapping :
        List.of(
            new Identity(),
            new Rollup(),
            new All(),
            new Previous(),
            new Window(7),
            new Offset(-2))) {
      assertThat(PartitionMapping.parse(mapping.describe())).isEqualTo(mapping);
    }
  }

  @Test
  void parseRejectsUnknownAndMalformedMappings() {
    assertThatThrownBy(() -> PartitionMapping.parse("same_day"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown partition mapping 'same_day'")
        .hasMessageContaining("window(N)");
    assertThatThrownBy(() -> PartitionMapping.parse("window()"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown partition mapping");
    assertThatThrownBy(() -> PartitionMapping.parse("window(x)"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartitionMapping.parse("window(0)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window size must be at least 1");
    assertThatThrownBy(() -> PartitionMapping.parse("window(-3)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void problemRejectsImpossibleCombinations() {
    assertThat(new Rollup().problem(Grain.DAY, Grain.MONTH, false))
        .hasValueSatisfying(p -> assertThat(p).contains("finer"));
    assertThat(new Rollup().problem(Grain.DAY, Grain.DAY, false)).isPresent();
    assertThat(new Window(7).problem(Grain.ALL, Grain.DAY, false))
        .hasValueSatisfying(p -> assertThat(p).contains("partitioned"));
    assertThat(new Window(7).problem(Grain.DAY, Grain.ALL, false)).isPresent();
    assertThat(new Offset(-1).problem(Grain.ALL, Grain.DAY, false)).isPresent();
    assertThat(new Offset(0).problem(Grain.DAY, Grain.DAY, true)).isPresent();
    assertThat(new Previous().problem(Grain.DAY, Grain.DAY, false))
        .hasValueSatisfying(p -> assertThat(p).contains("{{ this }}"));
    assertThat(new Previous().problem(Grain.ALL, Grain.ALL, true)).isPresent();
    assertThat(new Identity().problem(Grain.DAY, Grain.DAY, true))
        .hasValueSatisfying(p -> assertThat(p).contains("previous"));
    assertThat(new Identity().problem(Grain.DAY, Grain.HOUR, false))
        .hasValueSatisfying(p -> assertThat(p).contains("rollup"));
    assertThat(new All().problem(Grain.DAY, Grain.DAY, true)).isPresent();
  }

  @Test
  void problemAcceptsSensibleCombinations() {
    assertThat(new Identity().problem(Grain.DAY, Grain.DAY, false)).isEmpty();
    assertThat(new Identity().problem(Grain.DAY, Grain.MONTH, false)).isEmpty();
    assertThat(new Rollup().problem(Grain.MONTH, Grain.DAY, false)).isEmpty();
    assertThat(new Window(7).problem(Grain.DAY, Grain.DAY, false)).isEmpty();
    assertThat(new Offset(-1).problem(Grain.DAY, Grain.DAY, true)).isEmpty();
    assertThat(new Previous().problem(Grain.HOUR, Grain.HOUR, true)).isEmpty();
    assertThat(new All().problem(Grain.ALL, Grain.DAY, false)).isEmpty();
  }

  @Test
  void defaultsFollowTheGrains() {
    assertThat(PartitionMapping.defaultFor(Grain.DAY, Grain.DAY, false)).isEqualTo(new Identity());
    assertThat(PartitionMapping.defaultFor(Grain.DAY, Grain.MONTH, false))
        .isEqualTo(new Identity());
    assertThat(PartitionMapping.defaultFor(Grain.MONTH, Grain.DAY, false)).isEqualTo(new Rollup());
    assertThat(PartitionMapping.defaultFor(Grain.ALL, Grain.DAY, false)).isEqualTo(new All());
    assertThat(PartitionMapping.defaultFor(Grain.DAY, Grain.ALL, false)).isEqualTo(new All());
    assertThat(PartitionMapping.defaultFor(Grain.DAY, Grain.DAY, true)).isEqualTo(new Previous());
  }

  @Test
  void downstreamOfIsTheExactInverseOfUpstreamOf() {
    Random random = new Random(20240105L);
    List<Grain> grains = List.of(Grain.HOUR, Grain.DAY, Grain.MONTH, Grain.ALL);
    int checked = 0;
    while (checked < 2_000) {
      Grain down = grains.get(random.nextInt(grains.size()));
      Grain up = grains.get(random.nextInt(grains.size()));
      PartitionMapping mapping = randomMapping(random);
      boolean self = mapping instanceof Previous || (mapping instanceof Offset o && o.shift() < 0);
      self = self && down == up && random.nextBoolean();
      if (mapping.problem(down, up, self).isPresent()) {
        continue;
      }
      TimeRange downBounds = randomDays(random);
      TimeRange upBounds = randomDays(random);
      List<PartitionKey> downs = downBounds.partitionsInside(down);
      List<PartitionKey> ups = upBounds.partitionsInside(up);
      Set<PartitionKey> downSet = Set.copyOf(downs);
      Set<PartitionKey> upSet = Set.copyOf(ups);
      if (downs.isEmpty() || ups.isEmpty()) {
        continue;
      }
      String what = mapping.describe() + " " + up + " -> " + down;

      PartitionKey u = ups.get(random.nextInt(ups.size()));
      for (PartitionKey d : sample(mapping.downstreamOf(u, down, downBounds), random)) {
        assertThat(overlaps(downBounds, d)).as("%s: %s outside %s", what, d, downBounds).isTrue();
        if (downSet.contains(d)) {
          assertThat(mapping.upstreamOf(d, up, upBounds))
              .as("%s: %s reads %s", what, d, u)
              .contains(u);
        }
      }
      PartitionKey d = downs.get(random.nextInt(downs.size()));
      for (PartitionKey read : sample(mapping.upstreamOf(d, up, upBounds), random)) {
        assertThat(overlaps(upBounds, read)).as("%s: %s outside %s", what, read, upBounds).isTrue();
        if (upSet.contains(read)) {
          assertThat(mapping.downstreamOf(read, down, downBounds))
              .as("%s: %s is read by %s", what, read, d)
              .contains(d);
        }
      }
      checked++;
    }
  }

  @Test
  void downstreamOfAndUpstreamOfAgreeOnEveryPairOfASmallSpan() {
    // Exhaustive over (u, d) pairs rather than sampled: month ends are where the arithmetic bites.
    Random random = new Random(7L);
    List<Grain> grains = List.of(Grain.DAY, Grain.MONTH);
    TimeRange bounds = days("2023-11-01", "2024-04-30");
    for (int i = 0; i < 200; i++) {
      Grain down = grains.get(random.nextInt(grains.size()));
      Grain up = grains.get(random.nextInt(grains.size()));
      PartitionMapping mapping = randomMapping(random);
      boolean self = mapping instanceof Previous && down == up;
      if (mapping.problem(down, up, self).isPresent()) {
        continue;
      }
      Map<PartitionKey, Set<PartitionKey>> readers = new HashMap<>();
      for (PartitionKey u : bounds.partitionsInside(up)) {
        readers.put(u, Set.copyOf(mapping.downstreamOf(u, down, bounds)));
      }
      for (PartitionKey d : bounds.partitionsInside(down)) {
        Set<PartitionKey> reads = Set.copyOf(mapping.upstreamOf(d, up, bounds));
        for (PartitionKey u : readers.keySet()) {
          assertThat(readers.get(u).contains(d))
              .as("%s %s -> %s: %s reads %s", mapping.describe(), up, down, d, u)
              .isEqualTo(reads.contains(u));
        }
      }
    }
  }

  @Test
  void theSpanOfARunOfPartitionsIsTheUnionOfWhatEachOneReaches() {
    // Impact analysis maps whole runs of partitions at once; it must reach exactly what mapping
    // each partition of the run would.
    Random random = new Random(31L);
    List<Grain> grains = List.of(Grain.HOUR, Grain.DAY, Grain.MONTH);
    int checked = 0;
    while (checked < 1_000) {
      Grain down = grains.get(random.nextInt(grains.size()));
      Grain up = grains.get(random.nextInt(grains.size()));
      PartitionMapping mapping = randomMapping(random);
      boolean self = (mapping instanceof Previous || mapping instanceof Offset) && down == up;
      if (mapping.problem(down, up, self).isPresent()) {
        continue;
      }
      TimeRange downBounds = randomDays(random);
      List<PartitionKey> ups = randomDays(random).partitionsInside(up);
      if (ups.isEmpty()) {
        continue;
      }
      int first = random.nextInt(ups.size());
      List<PartitionKey> run =
          ups.subList(first, Math.min(ups.size(), first + 1 + random.nextInt(9)));
      Set<PartitionKey> expected = new java.util.TreeSet<>();
      run.forEach(u -> expected.addAll(mapping.downstreamOf(u, down, downBounds)));

      TimeRange span =
          mapping.downstreamSpan(
              run.get(0).start(), run.get(run.size() - 1).end(), down, downBounds);

      assertThat(span.partitionsOverlapping(down))
          .as("%s %s -> %s over %s", mapping.describe(), up, down, run)
          .containsExactlyElementsOf(expected);
      checked++;
    }
  }

  /** At most 24 of {@code keys}, always with the first and last: an hourly "all" has thousands. */
  private static List<PartitionKey> sample(List<PartitionKey> keys, Random random) {
    if (keys.size() <= 24) {
      return keys;
    }
    List<PartitionKey> sample = new ArrayList<>(List.of(keys.get(0), keys.get(keys.size() - 1)));
    while (sample.size() < 24) {
      sample.add(keys.get(random.nextInt(keys.size())));
    }
    return sample;
  }

  private static boolean overlaps(TimeRange bounds, PartitionKey key) {
    return key.grain() == Grain.ALL || bounds.overlaps(key.start(), key.end());
  }

  private static PartitionMapping randomMapping(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> new Identity();
      case 1 -> new Rollup();
      case 2 -> new All();
      case 3 -> new Previous();
      case 4 -> new Window(1 + random.nextInt(10));
      default -> new Offset(random.nextInt(11) - 5);
    };
  }

  private static TimeRange randomDays(Random random) {
    LocalDate first = LocalDate.of(2023, 10, 1).plusDays(random.nextInt(200));
    return TimeRange.ofDays(first, first.plusDays(random.nextInt(70)));
  }
}

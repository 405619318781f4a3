package io.tidemark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DuePartitionsTest {
  private static final PartitionKey MARCH_1 = PartitionKey.day(LocalDate.of(2024, 3, 1));

  @Test
  void aDayIsDueOnceItHasEndedInTheZonePlusTheDelay() {
    DuePartitions seoul = new DuePartitions(ZoneId.of("Asia/Seoul"), Duration.ofHours(2));

    assertThat(seoul.dueAt(MARCH_1)).isEqualTo(Instant.parse("2024-03-01T17:00:00Z"));
    assertThat(new DuePartitions(ZoneOffset.UTC, Duration.ZERO).dueAt(MARCH_1))
        .isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
  }

  @Test
  void theDaysDueInAWindowAreThoseWhoseDueTimeFallsInIt() {
    DuePartitions utc = new DuePartitions(ZoneOffset.UTC, Duration.ofHours(1));

    // A nightly fire at 03:00 covers (previous 03:00, 03:00]: the day before.
    assertThat(
            utc.between(
                Grain.DAY,
                Instant.parse("2024-03-01T03:00:00Z"),
                Instant.parse("2024-03-02T03:00:00Z")))
        .containsExactly(MARCH_1);
    // The window is half open: a day due exactly at its start belongs to the window before.
    assertThat(
            utc.between(
                Grain.DAY,
                Instant.parse("2024-03-02T01:00:00Z"),
                Instant.parse("2024-03-03T00:59:59Z")))
        .isEmpty();
    assertThat(
            utc.between(
                Grain.DAY,
                Instant.parse("2024-02-28T00:00:00Z"),
                Instant.parse("2024-03-02T01:00:00Z")))
        .containsExactly(
            PartitionKey.day(LocalDate.of(2024, 2, 27)),
            PartitionKey.day(LocalDate.of(2024, 2, 28)),
            PartitionKey.day(LocalDate.of(2024, 2, 29)),
            MARCH_1);
  }

  @Test
  void hoursAndMonthsAreDueWhenTheyEnd() {
    DuePartitions utc = new DuePartitions(ZoneOffset.UTC, Duration.ZERO);

    assertThat(
            utc.between(
                Grain.HOUR,
                Instant.parse("2024-03-01T03:00:00Z"),
                Instant.parse("2024-03-01T05:30:00Z")))
        .extracting(PartitionKey::toString)
        .containsExactly("2024-03-01T03", "2024-03-01T04");
    assertThat(
            utc.between(
                Grain.MONTH,
                Instant.parse("2024-03-31T03:00:00Z"),
                Instant.parse("2024-04-01T03:00:00Z")))
        .extracting(PartitionKey::toString)
        .containsExactly("2024-03");
    assertThat(utc.between(Grain.ALL, Instant.EPOCH, Instant.EPOCH))
        .containsExactly(PartitionKey.ALL);
  }

  @Test
  void aDayThatLosesAnHourToDaylightSavingIsDueAtItsLocalMidnight() {
    DuePartitions newYork = new DuePartitions(ZoneId.of("America/New_York"), Duration.ZERO);
    PartitionKey march10 = PartitionKey.day(LocalDate.of(2024, 3, 10));

    assertThat(newYork.dueAt(march10)).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
    assertThat(
            newYork.between(
                Grain.DAY,
                Instant.parse("2024-03-10T05:00:00Z"),
                Instant.parse("2024-03-11T04:00:00Z")))
        .containsExactly(march10);
  }
}

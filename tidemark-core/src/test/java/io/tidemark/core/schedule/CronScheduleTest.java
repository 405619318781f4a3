package io.tidemark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  @Test
  void theCronIsReadInItsZone() {
    CronSchedule nightly = new CronSchedule("0 3 * * *", SEOUL);

    assertThat(nightly.next(Instant.parse("2024-03-01T12:00:00Z")))
        .contains(Instant.parse("2024-03-01T18:00:00Z"));
    assertThat(nightly.previous(Instant.parse("2024-03-01T12:00:00Z")))
        .contains(Instant.parse("2024-02-29T18:00:00Z"));
  }

  @Test
  void nextAndPreviousAreStrictLatestIncludesTheTimeItself() {
    CronSchedule nightly = new CronSchedule("0 3 * * *", ZoneOffset.UTC);
    Instant fire = Instant.parse("2024-03-02T03:00:00Z");

    assertThat(nightly.next(fire)).contains(Instant.parse("2024-03-03T03:00:00Z"));
    assertThat(nightly.previous(fire)).contains(Instant.parse("2024-03-01T03:00:00Z"));
    assertThat(nightly.latest(fire)).contains(fire);
    assertThat(nightly.latest(fire.plusSeconds(59))).contains(fire);
    assertThat(nightly.latest(fire.minusMillis(1))).contains(Instant.parse("2024-03-01T03:00:00Z"));
  }

  @Test
  void firesBetweenAreOldestFirstAndKeepTheLatestWhenLimited() {
    CronSchedule hourly = new CronSchedule("15 * * * *", ZoneOffset.UTC);

    assertThat(
            hourly.between(
                Instant.parse("2024-03-01T00:15:00Z"), Instant.parse("2024-03-01T03:20:00Z"), 10))
        .containsExactly(
            Instant.parse("2024-03-01T01:15:00Z"),
            Instant.parse("2024-03-01T02:15:00Z"),
            Instant.parse("2024-03-01T03:15:00Z"));
    assertThat(
            hourly.between(
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-01T03:20:00Z"), 2))
        .containsExactly(
            Instant.parse("2024-03-01T02:15:00Z"), Instant.parse("2024-03-01T03:15:00Z"));
  }

  @Test
  void anInvalidExpressionIsRefused() {
    assertThatThrownBy(() -> new CronSchedule("0 25 * * *", ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Daily series with more than a year of history expect their yearly pattern. */
class YearlyHolidaysTest {
  private static final Detector DEFAULT = DetectorType.SEASONAL.create(DetectorSettings.defaults());
  private static final LocalDate FIRST = LocalDate.of(2023, 10, 2);
  private static final int DAYS = 3 * 365 + 20;
  private static final Set<MonthDay> HOLIDAYS =
      Set.of(
          MonthDay.of(1, 1),
          MonthDay.of(5, 1),
          MonthDay.of(12, 24),
          MonthDay.of(12, 25),
          MonthDay.of(12, 26),
          MonthDay.of(12, 31));

  private static TestSeries days() {
    return TestSeries.daily(DAYS)
        .startingAt(FIRST.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
  }

  private static boolean holiday(int day) {
    return HOLIDAYS.contains(MonthDay.from(FIRST.plusDays(day)));
  }

  /** Three years of business days: holidays at 35% of a normal day, every year. */
  private static double[] values(long seed) {
    double[] values = days().weekend(0.5).growth(0.3).seed(seed).values();
    for (int day = 0; day < DAYS; day++) {
      if (holiday(day)) {
        values[day] *= 0.35;
      }
    }
    return values;
  }

  private static List<Integer> holidayAlerts(List<Judgement> judgements, int fromYear) {
    int from = (int) java.time.temporal.ChronoUnit.DAYS.between(FIRST, FIRST.plusYears(fromYear));
    return IntStream.range(from, judgements.size())
        .filter(day -> holiday(day) && judgements.get(day).anomalous())
        .boxed()
        .toList();
  }

  @Test
  void theThirdYearsHolidaysRaiseNoAlertWhileTheFirstYearsDid() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Judgement> judgements = DEFAULT.score(days().series(values(seed)));

      assertThat(holidayAlerts(judgements, 0)).as("seed %d, year one", seed).isNotEmpty();
      assertThat(holidayAlerts(judgements, 2)).as("seed %d, year three", seed).isEmpty();
    }
  }

  @Test
  void aDropOnAnOrdinaryDayOfTheThirdYearIsStillFlagged() {
    double[] values = values(3);
    int ordinary =
        (int) java.time.temporal.ChronoUnit.DAYS.between(FIRST, LocalDate.of(2026, 9, 16));
    values[ordinary] *= 0.4;

    List<Judgement> judgements = DEFAULT.score(days().series(values));

    assertThat(judgements.get(ordinary).verdict()).isEqualTo(Verdict.LOW);
    assertThat(judgements.get(ordinary).alert()).isTrue();
  }

  @Test
  void aOneOffOutageLastYearDoesNotExcuseOneOnTheSameDateThisYear() {
    double[] values = values(4);
    int lastYear =
        (int) java.time.temporal.ChronoUnit.DAYS.between(FIRST, LocalDate.of(2025, 6, 11));
    int thisYear =
        (int) java.time.temporal.ChronoUnit.DAYS.between(FIRST, LocalDate.of(2026, 6, 11));
    values[lastYear] *= 0.3;
    values[thisYear] *= 0.3;

    List<Judgement> judgements = DEFAULT.score(days().series(values));

    assertThat(judgements.get(thisYear).verdict()).isEqualTo(Verdict.LOW);
  }
}

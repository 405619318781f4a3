package io.tidemark.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PartitionIndexTest {
  @Test
  void epochDaysAgreeWithTheCalendar() {
    for (LocalDate day = LocalDate.of(1899, 12, 25);
        day.isBefore(LocalDate.of(2101, 3, 5));
        day = day.plusDays(1)) {
      assertThat(PartitionIndex.epochDay(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
          .as("%s", day)
          .isEqualTo(day.toEpochDay());
    }
  }

  @Test
  void keysOfEveryGrainMapToConsecutiveIndexesAndBack() {
    for (Grain grain : new Grain[] {Grain.HOUR, Grain.DAY, Grain.MONTH}) {
      PartitionKey key = PartitionKey.containing(grain, LocalDateTime.of(1999, 12, 30, 22, 0));
      long previous = PartitionIndex.of(grain, key.toString()) - 1;
      for (int i = 0; i < 2_000; i++, key = key.next()) {
        String text = key.toString();
        assertThat(PartitionIndex.grainOf(text)).isEqualTo(grain);
        long index = PartitionIndex.of(grain, text);
        assertThat(index)
            .as(text)
            .isEqualTo(previous + 1)
            .isEqualTo(PartitionIndex.of(grain, key.start()));
        assertThat(PartitionIndex.start(grain, index)).isEqualTo(key.start());
        previous = index;
      }
    }
  }

  @Test
  void theUnpartitionedKeyHasItsOwnGrainAndOtherTextNone() {
    assertThat(PartitionIndex.grainOf("all")).isEqualTo(Grain.ALL);
    assertThatThrownBy(() -> PartitionIndex.grainOf("p1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p1");
  }
}

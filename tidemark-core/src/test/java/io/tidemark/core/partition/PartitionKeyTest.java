package io.tidemark.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {
  @Test
  void hourKeysParseAndFormatAsDateAndHour() {
    PartitionKey key = PartitionKey.parse(Grain.HOUR, "2024-03-05T14");

    assertThat(key.start()).isEqualTo(LocalDateTime.of(2024, 3, 5, 14, 0));
    assertThat(key.end()).isEqualTo(LocalDateTime.of(2024, 3, 5, 15, 0));
    assertThat(key).hasToString("2024-03-05T14");
  }

  @Test
  void dayKeysParseAndFormatAsIsoDates() {
    PartitionKey key = PartitionKey.parse(Grain.DAY, "2024-03-05");

    assertThat(key).isEqualTo(PartitionKey.day(LocalDate.of(2024, 3, 5)));
    assertThat(key.end()).isEqualTo(LocalDateTime.of(2024, 3, 6, 0, 0));
    assertThat(key).hasToString("2024-03-05");
  }

  @Test
  void monthKeysParseAndFormatAsYearAndMonth() {
    PartitionKey key = PartitionKey.parse(Grain.MONTH, "2024-02");

    assertThat(key.start()).isEqualTo(LocalDateTime.of(2024, 2, 1, 0, 0));
    assertThat(key.end()).isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
    assertThat(key).hasToString("2024-02");
  }

  @Test
  void theUnpartitionedKeyIsAll() {
    assertThat(PartitionKey.parse(Grain.ALL, "all")).isSameAs(PartitionKey.ALL);
    assertThat(PartitionKey.ALL).hasToString("all");
    assertThat(PartitionKey.ALL.next()).isSameAs(PartitionKey.ALL);
    assertThat(PartitionKey.of(Grain.ALL, LocalDateTime.of(2024, 1, 1, 0, 0)))
        .isSameAs(PartitionKey.ALL);
  }

  @Test
  void textOfTheWrongGrainIsRejected() {
    assertThatThrownBy(() -> PartitionKey.parse(Grain.DAY, "2024-03"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'2024-03' is not a day partition key");
    assertThatThrownBy(() -> PartitionKey.parse(Grain.MONTH, "2024-03-05"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a month partition key");
    assertThatThrownBy(() -> PartitionKey.parse(Grain.HOUR, "2024-03-05"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartitionKey.parse(Grain.DAY, "2024-02-30"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartitionKey.parse(Grain.ALL, "2024-03-05"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'all'");
  }

  @Test
  void aKeyMustStartAtTheStartOfItsGrain() {
    assertThatThrownBy(() -> new PartitionKey(Grain.DAY, LocalDateTime.of(2024, 3, 5, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the start of a day");
    assertThatThrownBy(() -> new PartitionKey(Grain.MONTH, LocalDateTime.of(2024, 3, 5, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containingFindsThePartitionOfAnInstant() {
    LocalDateTime time = LocalDateTime.of(2024, 3, 5, 14, 59, 59);

    assertThat(PartitionKey.containing(Grain.HOUR, time)).hasToString("2024-03-05T14");
    assertThat(PartitionKey.containing(Grain.DAY, time)).hasToString("2024-03-05");
    assertThat(PartitionKey.containing(Grain.MONTH, time)).hasToString("2024-03");
    assertThat(PartitionKey.containing(Grain.ALL, time)).isSameAs(PartitionKey.ALL);
  }

  @Test
  void plusMovesByWholePartitionsAcrossMonthAndYearEnds() {
    assertThat(PartitionKey.parse(Grain.HOUR, "2023-12-31T23").next()).hasToString("2024-01-01T00");
    assertThat(PartitionKey.parse(Grain.DAY, "2024-02-28").next()).hasToString("2024-02-29");
    assertThat(PartitionKey.parse(Grain.DAY, "2023-02-28").next()).hasToString("2023-03-01");
    assertThat(PartitionKey.parse(Grain.MONTH, "2024-12").next()).hasToString("2025-01");
    assertThat(PartitionKey.parse(Grain.DAY, "2024-03-01").plus(-1)).hasToString("2024-02-29");
  }

  @Test
  void monthsEndOnTheirLastDay() {
    assertThat(PartitionKey.parse(Grain.MONTH, "2024-02").end())
        .isEqualTo(LocalDateTime.of(2024, 3, 1, 0, 0));
    assertThat(PartitionKey.parse(Grain.MONTH, "2023-02").end().minusDays(1).getDayOfMonth())
        .isEqualTo(28);
    assertThat(PartitionKey.parse(Grain.MONTH, "2024-04").end().minusDays(1).getDayOfMonth())
        .isEqualTo(30);
    assertThat(PartitionKey.parse(Grain.MONTH, "2024-01").end().minusDays(1).getDayOfMonth())
        .isEqualTo(31);
  }

  @Test
  void keysOrderByTime() {
    assertThat(PartitionKey.parse(Grain.DAY, "2024-01-09"))
        .isLessThan(PartitionKey.parse(Grain.DAY, "2024-01-10"));
  }
}

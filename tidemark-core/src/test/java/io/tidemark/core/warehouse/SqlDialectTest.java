package io.tidemark.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SqlDialectTest {
  private final SqlDialect standard = SqlDialect.STANDARD;

  @Test
  void identifiersAndStringsAreAlwaysQuotedWithTheirQuotesDoubled() {
    assertThat(standard.relation(AssetName.parse("marts.order"))).isEqualTo("\"marts\".\"order\"");
    assertThat(standard.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(standard.string("it's")).isEqualTo("'it''s'");
  }

  @Test
  void aPartitionIsItsHalfOpenSpanAndAllIsEveryRow() {
    assertThat(standard.partitionPredicate("day", PartitionKey.parse(Grain.DAY, "2024-01-31")))
        .isEqualTo(
            "\"day\" >= timestamp '2024-01-31 00:00:00' and \"day\" < timestamp '2024-02-01 00:00:00'");
    assertThat(standard.partitionPredicate("day", PartitionKey.ALL)).isEqualTo("true");
  }

  @Test
  void datesMoveByWholeDays() {
    assertThat(standard.addDays(standard.date(LocalDate.of(2024, 3, 1)), -1))
        .isEqualTo("(date '2024-03-01' - 1)");
    assertThat(standard.castToText("x")).isEqualTo("cast(x as varchar)");
  }
}

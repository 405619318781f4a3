package io.tidemark.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizesTest {
  @Test
  void boundsThatOnlyFilterWhatIsReadAllowBatches() {
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select * from {{ source('raw', 'events') }}\n"
                    + "where event_time >= timestamp '{{ partition_start }}'\n"
                    + "  and event_time < timestamp '{{ partition_end }}'"))
        .isTrue();
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select d from t where d between date '{{partition_start}}'"
                    + " and date '{{- partition_end -}}'"))
        .isTrue();
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select d from t where d > '{{ partition_start }}'::date - 7"
                    + " and d <= '{{ partition_end }}'"))
        .isTrue();
    assertThat(BatchSizes.boundsOnlyFilter("select 1 as x")).isTrue();
  }

  @Test
  void aBoundUsedAsAValueOrAnEqualityKeepsTheModelPerPartition() {
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select date '{{ partition_start }}' as day, count(*) from t"
                    + " where d >= date '{{ partition_start }}' and d < date '{{ partition_end }}'"))
        .isFalse();
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select d, count(*) from t where d = date '{{ partition_start }}' group by d"))
        .isFalse();
    // Reading up to the partition's start (a running total) is not a filter on its own rows.
    assertThat(BatchSizes.boundsOnlyFilter("select d from t where d <= '{{ partition_start }}'"))
        .isFalse();
    assertThat(BatchSizes.boundsOnlyFilter("select d from t where d >= '{{ partition_end }}'"))
        .isFalse();
    assertThat(BatchSizes.boundsOnlyFilter("select '{{ partition_key }}' as k")).isFalse();
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "{% if partition_start > '2024-01-01' %}select 1{% endif %}"))
        .isFalse();
  }

  @Test
  void aModelReadingItsOwnTableIsBuiltPerPartition() {
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select * from {{ this }} where d >= date '{{ partition_start }}'"))
        .isFalse();
    assertThat(
            BatchSizes.boundsOnlyFilter(
                "select 1 as x {% if is_incremental() %} where d >= '{{ partition_start }}'"
                    + " {% endif %}"))
        .isFalse();
  }
}

package io.tidemark.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetBuilder;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Freshness without a column: how late a partition's data arrived, or how long it is awaited. */
class ArrivalFreshnessTest {
  private static final Asset EVENTS =
      AssetBuilder.model("raw.events").partitioned(Grain.DAY).build();
  private static final PartitionKey JAN_5 = PartitionKey.parse(Grain.DAY, "2024-01-05");
  private static final Check.Freshness CHECK =
      new Check.Freshness(
          "freshness",
          Severity.ERROR,
          new SourceLocation(Path.of("models/sources.yml"), 7),
          null,
          Duration.ofHours(1),
          Duration.ofHours(6));

  private static CheckResult judge(String now, String arrived) {
    CheckEvaluator evaluator =
        CheckEvaluator.standard(Clock.fixed(Instant.parse(now), ZoneOffset.UTC), name -> EVENTS);
    return evaluator
        .evaluate(
            null,
            EVENTS,
            List.of(CHECK),
            JAN_5,
            0,
            RowHistory.empty(EVENTS),
            arrived == null ? null : Instant.parse(arrived))
        .get(0);
  }

  @Test
  void dataThatArrivedPassesAndTellsWhenItWasFirstSeen() {
    CheckResult early = judge("2024-01-10T00:00:00Z", "2024-01-05T20:00:00Z");
    assertThat(early.status()).isEqualTo(CheckStatus.PASS);
    assertThat(early.observed())
        .isEqualTo("first seen 2024-01-05T20:00:00Z, before the partition ended");
    CheckResult late = judge("2024-01-10T00:00:00Z", "2024-01-06T07:30:00Z");
    assertThat(late.status()).isEqualTo(CheckStatus.PASS);
    assertThat(late.observed()).endsWith("7h 30m after the partition ended");
  }

  @Test
  void dataAwaitedWarnsThenFailsByHowLongItHasBeenAwaited() {
    assertThat(judge("2024-01-05T12:00:00Z", null).status()).isEqualTo(CheckStatus.PASS);
    assertThat(judge("2024-01-06T00:30:00Z", null).status()).isEqualTo(CheckStatus.PASS);
    CheckResult late = judge("2024-01-06T02:00:00Z", null);
    assertThat(late.status()).isEqualTo(CheckStatus.WARN);
    assertThat(late.message()).isEqualTo("not arrived 2h after the partition ended");
    assertThat(late.expected()).isEqualTo("within 1h");
  }

  @Test
  void dataAwaitedLongerThanTheErrorThresholdFails() {
    CheckResult awaited = judge("2024-01-06T09:00:00Z", null);
    assertThat(awaited.status()).isEqualTo(CheckStatus.FAIL);
    assertThat(awaited.message()).isEqualTo("not arrived 9h after the partition ended");
  }
}

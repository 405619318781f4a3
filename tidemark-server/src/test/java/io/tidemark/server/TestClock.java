package io.tidemark.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that moves only when the test moves it; its zoned views move with it. */
final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  TestClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  void set(Instant instant) {
    now.set(instant);
  }

  void set(String instant) {
    set(Instant.parse(instant));
  }

  void advance(Duration duration) {
    now.updateAndGet(current -> current.plus(duration));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new TestClock(now, other);
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}

package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression (minute hour day-of-month month day-of-week) read in a time zone: "0 3 * * *"
 * in Asia/Seoul fires at 03:00 Seoul time, whatever the zone of the machine.
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  /**
   * @throws IllegalArgumentException for an expression that is not valid cron
   */
  public CronSchedule(String expression, ZoneId zone) {
    this.expression = requireNonNull(expression, "expression is null");
    this.zone = requireNonNull(zone, "zone is null");
    this.times = ExecutionTime.forCron(PARSER.parse(expression).validate());
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire strictly after {@code time}. */
  public Optional<Instant> next(Instant time) {
    return times.nextExecution(time.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The last fire strictly before {@code time}. */
  public Optional<Instant> previous(Instant time) {
    return times.lastExecution(time.atZone(zone)).map(ZonedDateTime::toInstant);
  }

  /** The last fire at or before {@code time}. */
  public Optional<Instant> latest(Instant time) {
    // Cron has minutes for its finest field: the last fire strictly before the next minute.
    return previous(time.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
  }

  /** The fires in {@code (after, until]}, oldest first, at most {@code limit} of the latest. */
  public List<Instant> between(Instant after, Instant until, int limit) {
    List<Instant> fires = new ArrayList<>();
    Optional<Instant> fire = latest(until);
    while (fire.isPresent() && fire.get().isAfter(after) && fires.size() < limit) {
      fires.add(0, fire.get());
      fire = previous(fire.get());
    }
    return fires;
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}

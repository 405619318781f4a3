package io.tidemark.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The lives of every user who signed up by the last day of a generated range, reduced to what the
 * days of that range need: profiles, paid periods, and the IAP events of each day.
 */
final class UserLives {
  private static final long[] NO_ACCESS = new long[0];
  private static final Comparator<SubscriptionEvent> IN_TIME_ORDER =
      Comparator.comparingLong(SubscriptionEvent::epochMillis)
          .thenComparingLong(SubscriptionEvent::userId);

  private final UserProfile[] profiles;
  private final long[][] access;
  private final Map<Long, List<SubscriptionEvent>> eventsByDay;

  private UserLives(
      UserProfile[] profiles, long[][] access, Map<Long, List<SubscriptionEvent>> eventsByDay) {
    this.profiles = profiles;
    this.access = access;
    this.eventsByDay = eventsByDay;
  }

  static UserLives simulate(long seed, Population population, long firstDay, long lastDay) {
    int users = Math.toIntExact(population.usersSignedUpBy(lastDay));
    UserProfile[] profiles = new UserProfile[users + 1];
    long[][] access = new long[users + 1][];
    Map<Long, List<SubscriptionEvent>> eventsByDay = new HashMap<>();
    for (int userId = 1; userId <= users; userId++) {
      UserLife life = UserLife.simulate(seed, userId, population, lastDay + 1);
      profiles[userId] = life.profile();
      access[userId] = life.access().length == 0 ? NO_ACCESS : life.access();
      for (SubscriptionEvent event : life.events()) {
        long day = event.epochDay();
        if (day >= firstDay) {
          eventsByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(event);
        }
      }
    }
    eventsByDay.values().forEach(events -> events.sort(IN_TIME_ORDER));
    return new UserLives(profiles, access, eventsByDay);
  }

  /** The number of users simulated: the highest user id. */
  long size() {
    return profiles.length - 1;
  }

  UserProfile profile(long userId) {
    return profiles[Math.toIntExact(userId)];
  }

  /** The first day of the paid period that covers {@code day}, if one does. */
  OptionalLong paidPeriodStart(long userId, long day) {
    long[] periods = access[Math.toIntExact(userId)];
    for (int i = 0; i < periods.length; i += 2) {
      if (periods[i] <= day && day < periods[i + 1]) {
        return OptionalLong.of(periods[i]);
      }
    }
    return OptionalLong.empty();
  }

  /** Whether the user has paid for the day (a subscription bought, renewed and not yet over). */
  boolean hasAccess(long userId, long day) {
    return paidPeriodStart(userId, day).isPresent();
  }

  /** The day's IAP events in time order. */
  List<SubscriptionEvent> eventsOn(long day) {
    return eventsByDay.getOrDefault(day, List.of());
  }
}

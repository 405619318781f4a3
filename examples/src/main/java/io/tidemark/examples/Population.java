package io.tidemark.examples;

import java.time.LocalDate;

/**
 * When each user signed up. The number of users who have signed up grows by a fixed rate per week
 * from a base size at an origin day ({@code users(t) = base * 1.02^(weeks since origin)}); user ids
 * are given out in signup order, so user {@code n} signed up on the day the curve passes {@code n}.
 * This makes every user's signup day a pure function of the user id, whatever days are generated.
 */
final class Population {
  private static final double WEEKLY_GROWTH = 1.02;
  private static final double USERS_AT_ORIGIN = 250_000;
  private static final double LOG_GROWTH_PER_DAY = StrictMath.log(WEEKLY_GROWTH) / 7;

  private final double usersAtOrigin;
  private final long originDay;

  Population(double scale, LocalDate origin) {
    this.usersAtOrigin = Math.max(100, USERS_AT_ORIGIN * scale);
    this.originDay = origin.toEpochDay();
  }

  long signupDay(long userId) {
    double days = StrictMath.log(userId / usersAtOrigin) / LOG_GROWTH_PER_DAY;
    return originDay + (long) Math.floor(days);
  }

  /** The highest user id that signed up on or before {@code epochDay}. */
  long usersSignedUpBy(long epochDay) {
    double days = epochDay + 1 - originDay;
    long estimate = (long) (usersAtOrigin * StrictMath.exp(days * LOG_GROWTH_PER_DAY));
    // The estimate can be off by one either way from rounding; the signup days decide.
    while (signupDay(estimate + 1) <= epochDay) {
      estimate++;
    }
    while (estimate > 0 && signupDay(estimate) > epochDay) {
      estimate--;
    }
    return estimate;
  }
}

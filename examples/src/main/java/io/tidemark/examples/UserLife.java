package io.tidemark.examples;

import io.tidemark.examples.Catalog.Country;
import io.tidemark.examples.Catalog.Product;
import io.tidemark.examples.SubscriptionEvent.Type;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One user's whole story, drawn from the user's own random stream: who they are, and every
 * subscription they buy, renew, cancel or get refunded. Simulating up to a later day only adds
 * events after the earlier one, so a day's events never depend on which days are generated.
 */
final class UserLife {
  private static final long USER_STREAM = 0x7573657273L;
  private static final long DAY_MILLIS = 1000L * Catalog.SECONDS_PER_DAY;
  private static final double TEST_USER_SHARE = 0.004;
  private static final double FIRST_CONVERSION = 0.32;
  private static final double SAME_DAY_CONVERSION = 0.35;
  private static final double DAYS_TO_CONVERT = 14;
  private static final double REFUND = 0.02;
  private static final double BILLING_FAILURE = 0.015;
  private static final double RESUBSCRIBE = 0.30;
  private static final double DAYS_TO_RESUBSCRIBE = 75;
  // Payments stay clear of midnight so that the app's purchase_complete, logged seconds to minutes
  // later, is written on the same day.
  private static final int FIRST_PAYMENT_SECOND = 900;
  private static final int LAST_PAYMENT_SECOND = 86_099;

  private final UserProfile profile;
  private final List<SubscriptionEvent> events;
  private final long[] access;

  private UserLife(UserProfile profile, List<SubscriptionEvent> events, long[] access) {
    this.profile = profile;
    this.events = events;
    this.access = access;
  }

  /** The user's profile alone: the first draws of the user's stream. */
  static UserProfile profile(long seed, long userId, Population population) {
    return drawProfile(random(seed, userId), userId, population);
  }

  /** The user's life up to (not including) {@code untilDay}. */
  static UserLife simulate(long seed, long userId, Population population, long untilDay) {
    SplittableRandom random = random(seed, userId);
    UserProfile profile = drawProfile(random, userId, population);
    Story story = new Story(random, profile, untilDay);
    story.tell();
    List<SubscriptionEvent> before =
        story.events.stream().filter(event -> event.epochDay() < untilDay).toList();
    return new UserLife(profile, before, Arrays.copyOf(story.access, story.accessLength));
  }

  UserProfile profile() {
    return profile;
  }

  List<SubscriptionEvent> events() {
    return events;
  }

  /** The paid periods as {@code [startDay, endDay)} pairs, flattened. */
  long[] access() {
    return access;
  }

  private static SplittableRandom random(long seed, long userId) {
    return new SplittableRandom(Randomness.mix(Randomness.mix(seed, USER_STREAM), userId));
  }

  private static UserProfile drawProfile(
      SplittableRandom random, long userId, Population population) {
    long signupSecond =
        population.signupDay(userId) * Catalog.SECONDS_PER_DAY + Catalog.secondOfDay(random);
    Country country = Catalog.country(random);
    String platform = random.nextDouble() < country.iosShare() ? "ios" : "android";
    int channel = Catalog.channel(random);
    boolean testUser = random.nextDouble() < TEST_USER_SHARE;
    double engagement = StrictMath.exp(0.55 * Randomness.gaussian(random));
    int updateLag = (int) Math.min(30, Randomness.exponential(random, 4));
    return new UserProfile(
        userId, signupSecond, country, platform, channel, testUser, engagement, updateLag);
  }

  /** The subscription part of a life, drawn in time order. */
  private static final class Story {
    private final SplittableRandom random;
    private final UserProfile profile;
    private final long untilDay;
    private final List<SubscriptionEvent> events = new ArrayList<>();
    private long[] access = new long[4];
    private int accessLength;

    Story(SplittableRandom random, UserProfile profile, long untilDay) {
      this.random = random;
      this.profile = profile;
      this.untilDay = untilDay;
    }

    void tell() {
      // Test accounts buy in the stores' sandboxes, which the production IAP server never sees.
      if (profile.testUser()) {
        return;
      }
      double conversion =
          FIRST_CONVERSION
              * Catalog.channelConversion(profile.channel())
              * Math.min(1.6, StrictMath.sqrt(profile.engagement()));
      if (random.nextDouble() >= conversion) {
        return;
      }
      int signupSecond = Math.floorMod(profile.signupEpochSecond(), Catalog.SECONDS_PER_DAY);
      long day;
      int second;
      if (random.nextDouble() < SAME_DAY_CONVERSION
          && signupSecond + FIRST_PAYMENT_SECOND + 3 * 3600 < LAST_PAYMENT_SECOND) {
        day = profile.signupDay();
        second = signupSecond + FIRST_PAYMENT_SECOND + random.nextInt(3 * 3600);
      } else {
        day = purchaseDay(profile.signupDay() + 1 + (long) exponential(DAYS_TO_CONVERT));
        second = paymentSecond();
      }
      while (day < untilDay) {
        long accessEnd = subscription(day, second);
        if (random.nextDouble() >= RESUBSCRIBE * Math.min(1.5, profile.engagement())) {
          return;
        }
        day = purchaseDay(accessEnd + 1 + (long) exponential(DAYS_TO_RESUBSCRIBE));
        second = paymentSecond();
      }
    }

    /** One subscription from its purchase to its end; returns the first day without access. */
    private long subscription(long startDay, int second) {
      Product product = Catalog.product(random);
      long cents = Catalog.priceCents(profile.country().currency(), product);
      long paid = at(startDay, second);
      add(paid, Type.PURCHASE, product, cents);
      // Renewals keep the purchase's day of the month where the month has it (Jan 31, Feb 29,
      // Mar 31), as the stores bill.
      LocalDate anchor = LocalDate.ofEpochDay(startDay);
      int periods = 1;
      long periodEnd = anchor.plusMonths(product.months()).toEpochDay();
      long accessEnd;
      boolean firstPeriod = true;
      while (true) {
        double cancel = product.months() == 12 ? 0.30 : firstPeriod ? 0.12 : 0.05;
        double outcome = random.nextDouble();
        if (outcome < REFUND) {
          long earliest = paid + 3_600_000;
          long latest = Math.min(paid + 10 * DAY_MILLIS, periodEnd * DAY_MILLIS - 3_600_000);
          long refunded = earliest + (long) (random.nextDouble() * (latest - earliest));
          add(refunded, Type.REFUND, product, -cents);
          accessEnd = Math.floorDiv(refunded, DAY_MILLIS);
          break;
        }
        if (outcome < REFUND + cancel) {
          long earliest = paid + 600_000;
          long latest = periodEnd * DAY_MILLIS - 3_600_000;
          long canceled = earliest + (long) (random.nextDouble() * (latest - earliest));
          if (Math.floorMod(canceled, DAY_MILLIS) < 600_000) {
            canceled += 600_000; // the cancel_click before it stays on the same day
          }
          add(canceled, Type.CANCELLATION, product, 0);
          accessEnd = periodEnd;
          break;
        }
        if (outcome < REFUND + cancel + BILLING_FAILURE || periodEnd >= untilDay) {
          accessEnd = periodEnd; // billing failed: the store simply stops renewing
          break;
        }
        paid = at(periodEnd, second);
        add(paid, Type.RENEWAL, product, cents);
        periods++;
        periodEnd = anchor.plusMonths((long) product.months() * periods).toEpochDay();
        firstPeriod = false;
      }
      addAccess(startDay, accessEnd);
      return accessEnd;
    }

    /** Planned first purchases slip past weekends more often than past weekdays. */
    private long purchaseDay(long day) {
      for (int i = 0; i < 3; i++) {
        if (random.nextDouble()
            < Catalog.purchaseFactor(DayOfWeek.from(LocalDate.ofEpochDay(day)))) {
          break;
        }
        day++;
      }
      return day;
    }

    private int paymentSecond() {
      return Math.max(
          FIRST_PAYMENT_SECOND, Math.min(LAST_PAYMENT_SECOND, Catalog.secondOfDay(random)));
    }

    private double exponential(double mean) {
      return Randomness.exponential(random, mean);
    }

    private long at(long day, int second) {
      return day * DAY_MILLIS + second * 1000L + random.nextInt(1000);
    }

    private void add(long epochMillis, Type type, Product product, long cents) {
      events.add(new SubscriptionEvent(profile.userId(), epochMillis, type, product, cents));
    }

    private void addAccess(long startDay, long endDay) {
      if (accessLength == access.length) {
        access = Arrays.copyOf(access, access.length * 2);
      }
      access[accessLength++] = startDay;
      access[accessLength++] = endDay;
    }
  }
}

package io.tidemark.examples;

import io.tidemark.examples.Catalog.Product;
import io.tidemark.examples.DayRows.Action;
import io.tidemark.examples.DayRows.Payment;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything that happens on one day, drawn from the day's own random stream: who opens the app and
 * what they do there, the app-side trail of each IAP event, and the day's planted disagreements
 * between the two servers.
 */
final class DaySimulator {
  private static final long DAY_STREAM = 0x646179L;
  private static final long DAY_MILLIS = 1000L * Catalog.SECONDS_PER_DAY;
  private static final double BASE_ACTIVITY = 0.022;
  private static final double SUBSCRIBER_ACTIVITY = 2.5;
  private static final double SIGNUP_DAY_ACTIVITY = 0.97;
  private static final double DAILY_NOISE = 0.05;
  private static final int MAX_AGE_DAYS = 20_000;
  private static final InconsistencyKind[] KINDS = InconsistencyKind.values();

  private final long seed;
  private final Population population;
  private final UserLives lives;
  private final double[] ageFactor = new double[MAX_AGE_DAYS + 1];

  DaySimulator(long seed, Population population, UserLives lives) {
    this.seed = seed;
    this.population = population;
    this.lives = lives;
    // New users explore the app for a few days, then settle to a slowly fading habit.
    for (int age = 0; age <= MAX_AGE_DAYS; age++) {
      ageFactor[age] =
          0.35 + 0.65 * StrictMath.exp(-age / 120.0) + 4.0 * StrictMath.exp(-age / 5.0);
    }
  }

  DayRows simulate(LocalDate date) {
    long day = date.toEpochDay();
    SplittableRandom random =
        new SplittableRandom(Randomness.mix(Randomness.mix(seed, DAY_STREAM), day));
    DayRows rows = new DayRows(date);
    Set<Long> payers = new HashSet<>();
    for (SubscriptionEvent event : lives.eventsOn(day)) {
      if (event.type().isPayment()) {
        payers.add(event.userId());
      }
    }
    double dayFactor =
        Catalog.appUseFactor(DayOfWeek.from(date))
            * (1 + DAILY_NOISE * Randomness.gaussian(random));
    List<Long> activeWithoutPayment = new ArrayList<>();
    long users = population.usersSignedUpBy(day);
    for (long userId = 1; userId <= users; userId++) {
      UserProfile user = lives.profile(userId);
      boolean subscriber = lives.hasAccess(userId, day);
      int age = (int) Math.min(MAX_AGE_DAYS, day - user.signupDay());
      // Everyone uses the app on the day they sign up in it.
      double p =
          age == 0
              ? SIGNUP_DAY_ACTIVITY
              : BASE_ACTIVITY
                  * user.engagement()
                  * ageFactor[age]
                  * (subscriber ? SUBSCRIBER_ACTIVITY : 1.0)
                  * dayFactor;
      if (random.nextDouble() >= p) {
        continue;
      }
      sessions(random, rows, user, day, subscriber);
      if (!user.testUser() && !payers.contains(userId)) {
        activeWithoutPayment.add(userId);
      }
    }
    for (SubscriptionEvent event : lives.eventsOn(day)) {
      trail(random, rows, event);
    }
    plant(random, rows, day, activeWithoutPayment);
    rows.finish();
    return rows;
  }

  private void sessions(
      SplittableRandom random, DayRows rows, UserProfile user, long day, boolean subscriber) {
    long dayStart = day * DAY_MILLIS;
    long dayEnd = dayStart + DAY_MILLIS - 1;
    int sessions = 1 + Randomness.geometric(random, 0.5);
    for (int s = 0; s < sessions; s++) {
      long time = afterSignup(random, user, momentOfDay(random, dayStart), dayEnd);
      rows.action(user, time, "app_open");
      int views = Randomness.geometric(random, 0.45);
      for (int v = 0; v < views; v++) {
        time = Math.min(dayEnd, time + 20_000 + random.nextInt(180_000));
        rows.action(user, time, "view_content");
      }
      if (!subscriber && random.nextDouble() < 0.08) {
        time = Math.min(dayEnd, time + 5_000 + random.nextInt(60_000));
        rows.action(user, time, "view_paywall");
        if (random.nextDouble() < 0.15) {
          // Abandoned: the store sheet was dismissed, so no payment follows.
          time = Math.min(dayEnd, time + 5_000 + random.nextInt(40_000));
          rows.action(user, time, "subscribe_click").productId = Catalog.product(random).id();
        }
      }
      if (random.nextDouble() < 0.03) {
        rows.action(user, Math.min(dayEnd, time + random.nextInt(60_000)), "share_content");
      }
      if (random.nextDouble() < 0.002) {
        rows.action(user, Math.min(dayEnd, time + random.nextInt(30_000)), "restore_click");
      }
    }
  }

  /** The app's side of one IAP event, then the event itself. */
  private void trail(SplittableRandom random, DayRows rows, SubscriptionEvent event) {
    UserProfile user = lives.profile(event.userId());
    long at = event.epochMillis();
    String product = event.product().id();
    switch (event.type()) {
      case PURCHASE -> {
        rows.action(user, at - 300_000 - random.nextInt(600_000), "app_open");
        rows.action(user, at - 60_000 - random.nextInt(220_000), "view_paywall");
        rows.action(user, at - 10_000 - random.nextInt(40_000), "subscribe_click").productId =
            product;
        confirm(rows.payment(event, user), rows, at + 2_000 + random.nextInt(58_000));
      }
      case RENEWAL ->
          confirm(rows.payment(event, user), rows, at + 5_000 + random.nextInt(235_000));
      case CANCELLATION -> {
        rows.action(user, at - 120_000 - random.nextInt(380_000), "app_open");
        rows.action(user, at - 20_000 - random.nextInt(80_000), "cancel_click").productId = product;
        rows.payment(event, user);
      }
      case REFUND -> rows.payment(event, user);
    }
  }

  private static void confirm(Payment payment, DayRows rows, long at) {
    Action action = rows.action(payment.user, at, "purchase_complete");
    action.productId = payment.event.product().id();
    action.cents = payment.event.cents();
    action.hasAmount = true;
    payment.confirmation = action;
  }

  /** Plants 3 to 8 disagreements, each on a different user. */
  private void plant(
      SplittableRandom random, DayRows rows, long day, List<Long> activeWithoutPayment) {
    int planned = 3 + random.nextInt(6);
    Set<Long> touched = new HashSet<>();
    for (int i = 0; i < planned; i++) {
      InconsistencyKind kind = KINDS[random.nextInt(KINDS.length)];
      if (kind == InconsistencyKind.MISSING_IAP_TRANSACTION) {
        List<Long> candidates =
            activeWithoutPayment.stream().filter(user -> !touched.contains(user)).toList();
        if (candidates.isEmpty()) {
          continue;
        }
        UserProfile user = lives.profile(candidates.get(random.nextInt(candidates.size())));
        Product product = Catalog.product(random);
        long dayStart = day * DAY_MILLIS;
        long at =
            afterSignup(random, user, momentOfDay(random, dayStart), dayStart + DAY_MILLIS - 1);
        Action phantom = rows.action(user, at, "purchase_complete");
        phantom.productId = product.id();
        phantom.cents = Catalog.priceCents(user.country().currency(), product);
        phantom.hasAmount = true;
        rows.planted(kind, user.userId(), null, phantom);
        touched.add(user.userId());
        continue;
      }
      List<Payment> candidates =
          rows.payments.stream()
              .filter(payment -> payment.confirmation != null)
              .filter(payment -> !touched.contains(payment.user.userId()))
              .toList();
      if (candidates.isEmpty()) {
        continue;
      }
      Payment payment = candidates.get(random.nextInt(candidates.size()));
      Action confirmation = payment.confirmation;
      switch (kind) {
        case MISSING_PURCHASE_ACTION -> confirmation.dropped = true;
        // The app logged the introductory price instead of what the store charged.
        case AMOUNT_MISMATCH -> confirmation.cents = payment.event.cents() / 2;
        // The app logged the product shown on the paywall, not the one the store sold.
        case PRODUCT_MISMATCH -> {
          Product sold = payment.event.product();
          Product[] products = Product.values();
          confirmation.productId =
              products[(sold.ordinal() + 1 + random.nextInt(products.length - 1)) % products.length]
                  .id();
        }
        default -> throw new IllegalStateException("unexpected kind " + kind);
      }
      rows.planted(kind, payment.user.userId(), payment, confirmation);
      touched.add(payment.user.userId());
    }
  }

  private static long momentOfDay(SplittableRandom random, long dayStart) {
    return dayStart + Catalog.secondOfDay(random) * 1000L + random.nextInt(1000);
  }

  /** On the signup day, moves a moment drawn before the signup to a random later moment. */
  private static long afterSignup(
      SplittableRandom random, UserProfile user, long time, long dayEnd) {
    long signup = user.signupEpochSecond() * 1000;
    if (time >= signup) {
      return time;
    }
    return signup + random.nextLong(Math.max(1, dayEnd - signup));
  }
}

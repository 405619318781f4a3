package io.tidemark.examples;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed world of the subscription example: markets, store price tiers, marketing channels, the
 * daily rhythm of app use and the app's release train.
 */
final class Catalog {
  static final int SECONDS_PER_DAY = 86_400;

  /** A subscription product as sold in the stores. */
  enum Product {
    PREMIUM_MONTHLY("premium_monthly", 1),
    PREMIUM_YEARLY("premium_yearly", 12),
    FAMILY_MONTHLY("family_monthly", 1);

    private final String id;
    private final int months;

    Product(String id, int months) {
      this.id = id;
      this.months = months;
    }

    String id() {
      return id;
    }

    int months() {
      return months;
    }
  }

  /** A store market: ISO-2 code, the currency it is billed in, its share of users and of iOS. */
  record Country(String code, String currency, double weight, double iosShare) {}

  static final List<Country> COUNTRIES =
      List.of(
          new Country("US", "USD", 30, 0.60),
          new Country("GB", "GBP", 8, 0.55),
          new Country("DE", "EUR", 8, 0.40),
          new Country("FR", "EUR", 6, 0.40),
          new Country("ES", "EUR", 4, 0.35),
          new Country("IT", "EUR", 4, 0.35),
          new Country("JP", "JPY", 8, 0.70),
          new Country("KR", "KRW", 5, 0.30),
          new Country("BR", "BRL", 8, 0.20),
          new Country("IN", "INR", 8, 0.10),
          new Country("CA", "CAD", 4, 0.55),
          new Country("AU", "AUD", 3, 0.55),
          new Country("MX", "MXN", 4, 0.25));

  private static final double[] COUNTRY_WEIGHTS =
      Randomness.cumulative(COUNTRIES.stream().mapToDouble(Country::weight).toArray());

  /** Store price tiers in cents, in {@link Product} order; prices do not change over time. */
  private static final Map<String, long[]> PRICES =
      Map.of(
          "USD", new long[] {999, 7999, 1499},
          "EUR", new long[] {999, 7999, 1499},
          "GBP", new long[] {899, 6999, 1299},
          "JPY", new long[] {150000, 1200000, 220000},
          "KRW", new long[] {1300000, 9900000, 1900000},
          "BRL", new long[] {3490, 24990, 4990},
          "INR", new long[] {29900, 229900, 44900},
          "CAD", new long[] {1299, 9999, 1899},
          "AUD", new long[] {1499, 11999, 2199},
          "MXN", new long[] {16900, 129900, 24900});

  private static final double[] PRODUCT_WEIGHTS = Randomness.cumulative(0.62, 0.23, 0.15);

  static final List<String> CHANNELS =
      List.of("organic", "paid_social", "search_ads", "referral", "influencer");
  private static final double[] CHANNEL_WEIGHTS = Randomness.cumulative(45, 20, 15, 10, 10);

  /** How much more or less likely than average a user from each channel is to subscribe. */
  private static final double[] CHANNEL_CONVERSION = {1.0, 0.7, 0.9, 1.3, 0.8};

  /** Share of app use per hour of the day (UTC): a morning bump, lunch, and an evening peak. */
  private static final double[] HOURS =
      Randomness.cumulative(
          2, 1, 1, 1, 1, 2, 4, 6, 7, 6, 6, 7, 8, 7, 6, 6, 7, 8, 9, 10, 11, 10, 7, 4);

  /** The first release of the app's two-weekly release train. */
  private static final long FIRST_RELEASE_DAY = LocalDate.of(2021, 1, 4).toEpochDay();

  private Catalog() {}

  static Country country(SplittableRandom random) {
    return COUNTRIES.get(Randomness.pick(random, COUNTRY_WEIGHTS));
  }

  static Product product(SplittableRandom random) {
    return Product.values()[Randomness.pick(random, PRODUCT_WEIGHTS)];
  }

  static int channel(SplittableRandom random) {
    return Randomness.pick(random, CHANNEL_WEIGHTS);
  }

  static double channelConversion(int channel) {
    return CHANNEL_CONVERSION[channel];
  }

  static long priceCents(String currency, Product product) {
    return PRICES.get(currency)[product.ordinal()];
  }

  /** A second of the day drawn from the daily rhythm of app use. */
  static int secondOfDay(SplittableRandom random) {
    return Randomness.pick(random, HOURS) * 3600 + random.nextInt(3600);
  }

  /** App opens by weekday: people use the app most at weekends. */
  static double appUseFactor(DayOfWeek day) {
    return switch (day) {
      case MONDAY -> 0.92;
      case TUESDAY -> 0.90;
      case WEDNESDAY -> 0.92;
      case THURSDAY -> 0.95;
      case FRIDAY -> 1.05;
      case SATURDAY -> 1.30;
      case SUNDAY -> 1.32;
    };
  }

  /** Relative chance that a planned first purchase happens on this weekday rather than later. */
  static double purchaseFactor(DayOfWeek day) {
    return switch (day) {
      case MONDAY, THURSDAY -> 0.95;
      case TUESDAY, WEDNESDAY -> 1.0;
      case FRIDAY -> 0.85;
      case SATURDAY -> 0.7;
      case SUNDAY -> 0.75;
    };
  }

  /** The app version a user who updates {@code lagDays} after each release runs on a day. */
  static String appVersion(long epochDay, int lagDays, String platform) {
    long release = Math.max(0, Math.floorDiv(epochDay - lagDays - FIRST_RELEASE_DAY, 14));
    long major = 3 + release / 26;
    long minor = release % 26;
    int patch = platform.equals("android") && release % 3 == 0 ? 1 : 0;
    return major + "." + minor + "." + patch;
  }
}

package io.tidemark.examples;

import io.tidemark.examples.Catalog.Product;

/** One record of the in-app-payment server, before it is written. */
record SubscriptionEvent(long userId, long epochMillis, Type type, Product product, long cents) {

  enum Type {
    PURCHASE("purchase"),
    RENEWAL("renewal"),
    REFUND("refund"),
    CANCELLATION("cancellation");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }

    boolean isPayment() {
      return this == PURCHASE || this == RENEWAL;
    }
  }

  long epochDay() {
    return Math.floorDiv(epochMillis, 1000L * Catalog.SECONDS_PER_DAY);
  }
}

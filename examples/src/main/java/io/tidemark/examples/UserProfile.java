package io.tidemark.examples;

import io.tidemark.examples.Catalog.Country;

/**
 * What the service database knows about a user, plus the hidden traits that drive the user's
 * behaviour.
 *
 * @param engagement how much more than the average user this user uses the app (median 1)
 * @param updateLagDays how long after a release the user updates the app
 */
record UserProfile(
    long userId,
    long signupEpochSecond,
    Country country,
    String platform,
    int channel,
    boolean testUser,
    double engagement,
    int updateLagDays) {

  long signupDay() {
    return Math.floorDiv(signupEpochSecond, Catalog.SECONDS_PER_DAY);
  }

  String store() {
    return platform.equals("ios") ? "app_store" : "play_store";
  }

  String marketingChannel() {
    return Catalog.CHANNELS.get(channel);
  }
}

package io.tidemark.examples;

import java.util.SplittableRandom;

/**
 * Seed derivation and the few distributions the generators draw from. Only {@link StrictMath} is
 * used, so the same seed gives the same rows on every JVM and CPU.
 */
final class Randomness {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Randomness() {}

  /** A well-spread seed for the stream {@code value} of {@code seed} (SplitMix64 finaliser). */
  static long mix(long seed, long value) {
    return finalise(finalise(seed) + GOLDEN_GAMMA * (value + 1));
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A standard normal draw (Box–Muller). */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  static double exponential(SplittableRandom random, double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** The number of failures before the first success, each trial succeeding with {@code p}. */
  static int geometric(SplittableRandom random, double p) {
    int failures = 0;
    while (random.nextDouble() >= p && failures < 50) {
      failures++;
    }
    return failures;
  }

  /** Cumulative weights for {@link #pick}. */
  static double[] cumulative(double... weights) {
    double[] cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  /** An index drawn with the probabilities given by {@link #cumulative}. */
  static int pick(SplittableRandom random, double[] cumulative) {
    double u = random.nextDouble();
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}

package io.tidemark.anomaly;

/** The complementary error function, to turn a sensitivity into a false-alarm rate. */
final class Erf {
  private Erf() {}

  /**
   * erfc(x) for x ≥ 0 by the Chebyshev fit of Numerical Recipes (relative error below 1.2e-7),
   * enough for a rate.
   */
  static double complementary(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double result =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? result : 2 - result;
  }
}

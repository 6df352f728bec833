package dev.adjoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that two computations of the same numbers agree to a relative tolerance: each element
 * within {@code rel · max(|expected|)} of its expected value (the norm-wise relative error, so an
 * entry near zero after cancellation is judged against the array's scale).
 */
final class Agreement {
  /** The tolerance the benchmarks' computations must meet against their baselines. */
  static final double RELATIVE = 1e-12;

  private Agreement() {}

  static void assertAgrees(String what, double actual, double expected) {
    assertAgrees(what, new double[] {actual}, new double[] {expected});
  }

  static void assertAgrees(String what, double[] actual, double[] expected) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertThat(scale).as(what + " is all zero, which checks nothing").isPositive();
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i]))
          .as("%s[%d]: %s against %s", what, i, actual[i], expected[i])
          .isLessThanOrEqualTo(RELATIVE * scale);
    }
  }

  /** A blackhole for calling benchmark methods outside JMH, in smoke tests. */
  static org.openjdk.jmh.infra.Blackhole blackhole() {
    return new org.openjdk.jmh.infra.Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is"
            + " dangerous.");
  }
}

package dev.adjoint.autodiff.check.assertj;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.check.Tolerance;

/**
 * Entry points of Adjoint's AssertJ assertions; import them statically.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdjointAssertions {
  private AdjointAssertions() {}

  /** Assertions about the gradient of the scalar {@code loss}. */
  public static GradientAssert assertThatGradientOf(Expr loss) {
    return new GradientAssert(loss);
  }

  /** Assertions about a finished gradient check. */
  public static GradientCheckReportAssert assertThat(GradientCheckReport report) {
    return new GradientCheckReportAssert(report);
  }

  /** Agreement to a relative error: {@code |a − b| ≤ relative·max(|a|, |b|)}. */
  public static Tolerance withinRelative(double relative) {
    return Tolerance.relative(relative);
  }

  /** Agreement to an absolute error: {@code |a − b| ≤ absolute}. */
  public static Tolerance withinAbsolute(double absolute) {
    return Tolerance.absolute(absolute);
  }
}

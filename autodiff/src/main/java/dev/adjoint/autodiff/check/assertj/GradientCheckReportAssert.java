package dev.adjoint.autodiff.check.assertj;

import dev.adjoint.autodiff.check.GradientCheckReport;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a {@link GradientCheckReport}; failures show the whole report.
 *
 * <p>Not thread-safe, like every AssertJ assertion; use one per thread.
 */
public final class GradientCheckReportAssert
    extends AbstractAssert<GradientCheckReportAssert, GradientCheckReport> {

  GradientCheckReportAssert(GradientCheckReport actual) {
    super(actual, GradientCheckReportAssert.class);
  }

  /** Every comparison in the report passed. */
  public GradientCheckReportAssert passed() {
    isNotNull();
    if (!actual.passed()) {
      failWithMessage("%s", actual.toString());
    }
    return this;
  }

  /** Some comparison in the report failed. */
  public GradientCheckReportAssert failed() {
    isNotNull();
    if (actual.passed()) {
      failWithMessage("expected the gradient check to fail, but it passed:%n%s", actual);
    }
    return this;
  }

  /** At least one element was found to sit at a kink. */
  public GradientCheckReportAssert foundKinks() {
    isNotNull();
    if (actual.kinkCount() == 0) {
      failWithMessage("expected kinks near the checked point, but found none:%n%s", actual);
    }
    return this;
  }
}

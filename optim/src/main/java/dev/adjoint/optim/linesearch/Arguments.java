package dev.adjoint.optim.linesearch;

import static com.google.common.base.Preconditions.checkArgument;

/** Argument checks shared by the line searches. */
final class Arguments {
  private Arguments() {}

  static void check(LineFunction function, double value0, double derivative0, double initialStep) {
    checkArgument(function != null, "line function is null");
    checkArgument(Double.isFinite(value0), "φ(0) must be finite, got %s", value0);
    checkArgument(Double.isFinite(derivative0), "φ′(0) must be finite, got %s", derivative0);
    checkArgument(
        initialStep > 0 && Double.isFinite(initialStep),
        "initial step must be positive and finite, got %s",
        initialStep);
  }

  static LineSearchResult notDescent(double value0, double derivative0) {
    return new LineSearchResult(
        LineSearchStatus.NOT_A_DESCENT_DIRECTION,
        new LinePoint(0, value0, derivative0),
        0,
        String.format("not a descent direction: φ′(0) = %.3g ≥ 0", derivative0));
  }
}

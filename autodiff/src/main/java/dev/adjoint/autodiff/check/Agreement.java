package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.Optional;

/**
 * How well two gradients of one variable agree, element by element: the largest absolute and
 * relative errors, and the worst element (the one furthest outside its tolerance) with both values,
 * its tolerance and, for finite differences, its step. Elements at a {@link Kink} are skipped.
 *
 * <p>Immutable and thread-safe.
 */
public final class Agreement {
  private final String left;
  private final String right;
  private final Shape shape;
  private final double maxAbsoluteError;
  private final double maxRelativeError;
  private final int worst;
  private final double leftValue;
  private final double rightValue;
  private final double tolerance;
  private final double step;
  private final int compared;
  private final int skipped;
  private final int unsampled;
  private final boolean passed;

  private Agreement(
      String left,
      String right,
      Shape shape,
      double maxAbsoluteError,
      double maxRelativeError,
      int worst,
      double leftValue,
      double rightValue,
      double tolerance,
      double step,
      int compared,
      int skipped,
      int unsampled,
      boolean passed) {
    this.left = left;
    this.right = right;
    this.shape = shape;
    this.maxAbsoluteError = maxAbsoluteError;
    this.maxRelativeError = maxRelativeError;
    this.worst = worst;
    this.leftValue = leftValue;
    this.rightValue = rightValue;
    this.tolerance = tolerance;
    this.step = step;
    this.compared = compared;
    this.skipped = skipped;
    this.unsampled = unsampled;
    this.passed = passed;
  }

  /**
   * Compares {@code a} with {@code b} elementwise.
   *
   * @param bounds the largest difference allowed at each element
   * @param steps the finite-difference step of each element, or {@code null}
   * @param skip the elements not to judge (at kinks), or {@code null}
   * @param notSampled the elements not compared at all (not sampled), or {@code null}
   */
  static Agreement compare(
      String left,
      Tensor a,
      String right,
      Tensor b,
      double[] bounds,
      double[] steps,
      boolean[] skip,
      boolean[] notSampled) {
    checkArgument(
        a.shape().equals(b.shape()),
        "%s has shape %s but %s has shape %s",
        left,
        a.shape(),
        right,
        b.shape());
    double maxAbs = 0;
    double maxRel = 0;
    int worst = -1;
    double worstRatio = -1;
    int compared = 0;
    int skipped = 0;
    int unsampled = 0;
    boolean passed = true;
    for (int i = 0; i < a.size(); i++) {
      if (notSampled != null && notSampled[i]) {
        unsampled++;
        continue;
      }
      if (skip != null && skip[i]) {
        skipped++;
        continue;
      }
      compared++;
      double x = a.getFlat(i);
      double y = b.getFlat(i);
      double abs = x == y ? 0 : Math.abs(x - y);
      double scale = Math.max(Math.abs(x), Math.abs(y));
      double rel = abs == 0 ? 0 : abs / scale;
      if (Double.isNaN(abs)) {
        abs = Double.POSITIVE_INFINITY;
        rel = Double.POSITIVE_INFINITY;
      }
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, rel);
      double ratio = abs == 0 ? 0 : bounds[i] == 0 ? Double.POSITIVE_INFINITY : abs / bounds[i];
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
      passed &= abs <= bounds[i];
    }
    return new Agreement(
        left,
        right,
        a.shape(),
        maxAbs,
        maxRel,
        worst,
        worst < 0 ? Double.NaN : a.getFlat(worst),
        worst < 0 ? Double.NaN : b.getFlat(worst),
        worst < 0 ? Double.NaN : bounds[worst],
        worst < 0 || steps == null ? Double.NaN : steps[worst],
        compared,
        skipped,
        unsampled,
        passed);
  }

  /** Whether every judged element is within its tolerance. */
  public boolean passed() {
    return passed;
  }

  /** The name of the first gradient, e.g. "autodiff". */
  public String left() {
    return left;
  }

  /** The name of the second gradient, e.g. "finite differences". */
  public String right() {
    return right;
  }

  /** The largest {@code |a − b|} over the judged elements. */
  public double maxAbsoluteError() {
    return maxAbsoluteError;
  }

  /** The largest {@code |a − b| / max(|a|, |b|)} over the judged elements. */
  public double maxRelativeError() {
    return maxRelativeError;
  }

  /** The element furthest outside (or least inside) its tolerance; empty when none was judged. */
  public Optional<int[]> worstIndex() {
    return worst < 0 ? Optional.empty() : Optional.of(shape.index(worst));
  }

  /** The first gradient at the worst element. */
  public double leftValue() {
    return leftValue;
  }

  /** The second gradient at the worst element. */
  public double rightValue() {
    return rightValue;
  }

  /** The largest difference allowed at the worst element. */
  public double tolerance() {
    return tolerance;
  }

  /** The finite-difference step at the worst element; NaN when no finite difference is involved. */
  public double step() {
    return step;
  }

  /** The number of elements judged. */
  public int comparedElements() {
    return compared;
  }

  /** The number of elements skipped because their stencil crosses a kink. */
  public int skippedElements() {
    return skipped;
  }

  /** The number of elements not compared because they were not sampled. */
  public int unsampledElements() {
    return unsampled;
  }

  /**
   * One line: the verdict, the largest errors, and the worst element with both values, the
   * tolerance and the step.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(left).append(" vs ").append(right).append(": ").append(passed ? "ok" : "MISMATCH");
    if (worst < 0) {
      return sb.append(" (no element judged")
          .append(skipped > 0 ? ", all at kinks)" : ")")
          .toString();
    }
    sb.append(", max abs error ").append(Reports.error(maxAbsoluteError));
    sb.append(", max rel error ").append(Reports.error(maxRelativeError));
    sb.append("; worst at ").append(Reports.index(shape.index(worst))).append(": ");
    sb.append(left).append(' ').append(Reports.value(leftValue)).append(", ");
    sb.append(right).append(' ').append(Reports.value(rightValue));
    sb.append(", |Δ| ").append(Reports.error(Math.abs(leftValue - rightValue)));
    sb.append(passed ? " ≤ " : " > ").append("tolerance ").append(Reports.error(tolerance));
    if (!Double.isNaN(step)) {
      sb.append(", step ").append(Reports.error(step));
    }
    if (skipped > 0) {
      sb.append("; ").append(skipped).append(" element").append(skipped == 1 ? "" : "s");
      sb.append(" at kinks not judged");
    }
    if (unsampled > 0) {
      sb.append("; ").append(compared + skipped).append(" of ").append(shape.size());
      sb.append(" elements sampled");
    }
    return sb.toString();
  }
}

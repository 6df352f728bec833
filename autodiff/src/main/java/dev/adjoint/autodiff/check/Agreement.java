package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How well a gradient agrees with a reference, element by element. A reference element is a value,
 * or at a kink the interval between the one-sided derivatives (any value in it is a subgradient),
 * or missing, with the reason it could not be judged. Every line names the worst element by one
 * measure: its distance from the reference divided by the tolerance there.
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
  private final double rightLow;
  private final double rightHigh;
  private final double tolerance;
  private final double step;
  private final int compared;
  private final int subgradients;
  private final ImmutableMap<String, Integer> notJudged;
  private final int unsampled;
  private final boolean passed;

  private Agreement(Builder b) {
    this.left = b.left;
    this.right = b.right;
    this.shape = b.a.shape();
    this.maxAbsoluteError = b.maxAbs;
    this.maxRelativeError = b.maxRel;
    this.worst = b.worst;
    this.leftValue = b.worst < 0 ? Double.NaN : b.a.getFlat(b.worst);
    this.rightValue = b.worst < 0 ? Double.NaN : b.b.getFlat(b.worst);
    this.rightLow = b.worst < 0 || b.low == null ? Double.NaN : b.low[b.worst];
    this.rightHigh = b.worst < 0 || b.high == null ? Double.NaN : b.high[b.worst];
    this.tolerance = b.worst < 0 ? Double.NaN : b.bounds[b.worst];
    this.step = b.worst < 0 || b.steps == null ? Double.NaN : b.steps[b.worst];
    this.compared = b.compared;
    this.subgradients = b.subgradients;
    this.notJudged = ImmutableMap.copyOf(b.notJudged);
    this.unsampled = b.unsampled;
    this.passed = b.passed;
  }

  /**
   * Compares {@code a} with {@code b} elementwise.
   *
   * @param bounds the largest difference allowed at each element
   * @param steps the finite-difference step of each element, or {@code null}
   * @param low where not NaN, the element is a kink: {@code a} is accepted in {@code [low, high]}
   * @param high see {@code low}; {@code null} together with it
   * @param why where not null, why the element cannot be judged
   * @param notSampled the elements not compared at all (not sampled), or {@code null}
   */
  static Agreement compare(
      String left,
      Tensor a,
      String right,
      Tensor b,
      double[] bounds,
      double[] steps,
      double[] low,
      double[] high,
      String[] why,
      boolean[] notSampled) {
    checkArgument(
        a.shape().equals(b.shape()),
        "%s has shape %s but %s has shape %s",
        left,
        a.shape(),
        right,
        b.shape());
    Builder r = new Builder(left, a, right, b, bounds, steps, low, high);
    double worstRatio = -1;
    for (int i = 0; i < a.size(); i++) {
      if (notSampled != null && notSampled[i]) {
        r.unsampled++;
        continue;
      }
      if (why != null && why[i] != null) {
        r.notJudged.merge(why[i], 1, Integer::sum);
        continue;
      }
      r.compared++;
      double x = a.getFlat(i);
      boolean interval = low != null && !Double.isNaN(low[i]);
      double lo = interval ? low[i] : b.getFlat(i);
      double hi = interval ? high[i] : b.getFlat(i);
      double abs = x >= lo && x <= hi ? 0 : Math.min(Math.abs(x - lo), Math.abs(x - hi));
      if (Double.isNaN(abs) || Double.isNaN(x) != Double.isNaN(lo)) {
        abs = Double.POSITIVE_INFINITY;
      }
      double scale = Math.max(Math.abs(x), Math.max(Math.abs(lo), Math.abs(hi)));
      double rel = abs == 0 ? 0 : Double.isInfinite(abs) ? abs : abs / scale;
      r.maxAbs = Math.max(r.maxAbs, abs);
      r.maxRel = Math.max(r.maxRel, rel);
      double ratio =
          abs == 0
              ? 0
              : !(bounds[i] > 0) || Double.isInfinite(abs) ? Double.MAX_VALUE : abs / bounds[i];
      if (ratio > worstRatio) {
        worstRatio = ratio;
        r.worst = i;
      }
      boolean ok = abs <= bounds[i];
      if (ok && interval && x != b.getFlat(i)) {
        r.subgradients++;
      }
      r.passed &= ok;
    }
    return new Agreement(r);
  }

  /** The running results of {@link #compare}. */
  private static final class Builder {
    final String left;
    final Tensor a;
    final String right;
    final Tensor b;
    final double[] bounds;
    final double[] steps;
    final double[] low;
    final double[] high;
    double maxAbs;
    double maxRel;
    int worst = -1;
    int compared;
    int subgradients;
    final Map<String, Integer> notJudged = new LinkedHashMap<>();
    int unsampled;
    boolean passed = true;

    Builder(
        String left,
        Tensor a,
        String right,
        Tensor b,
        double[] bounds,
        double[] steps,
        double[] low,
        double[] high) {
      this.left = left;
      this.a = a;
      this.right = right;
      this.b = b;
      this.bounds = bounds;
      this.steps = steps;
      this.low = low;
      this.high = high;
    }
  }

  /** Whether every judged element is within its tolerance (elements not judged aside). */
  public boolean passed() {
    return passed;
  }

  /** Whether some element could not be judged (for the reasons in {@link #notJudged}). */
  public boolean incomplete() {
    return !notJudged.isEmpty();
  }

  /** FAIL on a mismatch, else INCONCLUSIVE when some element was not judged, else PASS. */
  public Outcome outcome() {
    return !passed ? Outcome.FAIL : incomplete() ? Outcome.INCONCLUSIVE : Outcome.PASS;
  }

  /** The name of the first gradient, e.g. "autodiff". */
  public String left() {
    return left;
  }

  /** The name of the reference, e.g. "finite differences". */
  public String right() {
    return right;
  }

  /** The largest distance from the reference over the judged elements. */
  public double maxAbsoluteError() {
    return maxAbsoluteError;
  }

  /** The largest distance from the reference relative to the larger magnitude. */
  public double maxRelativeError() {
    return maxRelativeError;
  }

  /** The element furthest outside (or least inside) its tolerance; empty when none was judged. */
  public Optional<int[]> worstIndex() {
    return worst < 0 ? Optional.empty() : Optional.of(shape.index(worst));
  }

  /** The first gradient at the worst element (NaN when none was judged). */
  public double leftValue() {
    return leftValue;
  }

  /** The reference at the worst element (NaN at a kink or when none was judged). */
  public double rightValue() {
    return rightValue;
  }

  /** Whether the worst element is a kink, judged against the one-sided derivatives. */
  public boolean worstIsKink() {
    return !Double.isNaN(rightLow);
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

  /** The elements at kinks where the gradient differs from the reference but is a subgradient. */
  public int subgradientElements() {
    return subgradients;
  }

  /** The number of elements not judged, by reason. */
  public Map<String, Integer> notJudged() {
    return notJudged;
  }

  /** The number of elements not judged. */
  public int notJudgedElements() {
    return notJudged.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The number of elements not compared because they were not sampled. */
  public int unsampledElements() {
    return unsampled;
  }

  /**
   * Short lines: the verdict and the largest errors; the worst element with both values, its
   * tolerance and step; the subgradients accepted at kinks; the elements not judged, and why.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(left).append(" vs ").append(right).append(": ");
    sb.append(passed ? (incomplete() ? "ok where judged" : "ok") : "MISMATCH");
    int total = compared + notJudgedElements();
    sb.append(", ").append(compared).append(" of ").append(total).append(" element");
    sb.append(total == 1 ? "" : "s").append(" judged");
    if (unsampled > 0) {
      sb.append(" (").append(total).append(" of ").append(shape.size()).append(" sampled)");
    }
    if (worst >= 0) {
      sb.append(", max abs error ").append(Reports.error(maxAbsoluteError));
      sb.append(", max rel error ").append(Reports.error(maxRelativeError));
      StringBuilder w = new StringBuilder();
      w.append("worst at ").append(Reports.index(shape.index(worst))).append(": ");
      w.append(left).append(' ').append(Reports.value(leftValue)).append(", ");
      w.append(right);
      if (!worstIsKink() || !Double.isNaN(rightValue)) {
        w.append(' ').append(Reports.value(rightValue));
      }
      if (worstIsKink()) {
        w.append(Double.isNaN(rightValue) ? ": " : "; ");
        w.append("a kink, subgradients between ").append(Reports.value(rightLow));
        w.append(" and ").append(Reports.value(rightHigh));
      }
      double distance = distance();
      w.append(", |Δ| ").append(Reports.error(distance));
      w.append(distance <= tolerance ? " ≤ " : " > ").append(Reports.error(tolerance));
      if (!Double.isNaN(step)) {
        w.append(", step ").append(Reports.error(step));
      }
      sb.append('\n').append(Reports.wrap("  ", "      ", w.toString(), Reports.WIDTH + 4));
    }
    if (subgradients > 0) {
      sb.append("\n  ")
          .append(subgradients)
          .append(" element")
          .append(subgradients == 1 ? "" : "s");
      sb.append(" at a kink: ").append(left).append(" lies between the one-sided derivatives");
      sb.append(" (a subgradient), accepted");
    }
    notJudged.forEach(
        (why, count) ->
            sb.append("\n  ")
                .append(count)
                .append(count == 1 ? " element" : " elements")
                .append(" not judged: ")
                .append(why));
    return sb.toString();
  }

  private double distance() {
    if (Double.isNaN(leftValue) || worstIsKink() && Double.isNaN(rightLow)) {
      return Double.POSITIVE_INFINITY;
    }
    double lo = worstIsKink() ? rightLow : rightValue;
    double hi = worstIsKink() ? rightHigh : rightValue;
    if (Double.isNaN(lo)) {
      return Double.POSITIVE_INFINITY;
    }
    return leftValue >= lo && leftValue <= hi
        ? 0
        : Math.min(Math.abs(leftValue - lo), Math.abs(leftValue - hi));
  }
}

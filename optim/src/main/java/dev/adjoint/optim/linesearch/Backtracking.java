package dev.adjoint.optim.linesearch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Armijo backtracking with quadratic and cubic interpolation (Nocedal &amp; Wright, Numerical
 * Optimization, 2nd ed., Alg. 3.1 and §3.5), accepting the first step that satisfies the sufficient
 * decrease condition
 *
 * <pre>
 *   φ(α) ≤ φ(0) + c₁ α φ′(0).
 * </pre>
 *
 * After the first rejected trial α₀ the next trial minimises the quadratic through φ(0), φ′(0),
 * φ(α₀):
 *
 * <pre>
 *   α₁ = −φ′(0) α₀² / (2 [φ(α₀) − φ(0) − φ′(0) α₀]),
 * </pre>
 *
 * and afterwards the cubic through φ(0), φ′(0), φ(α_{k−1}), φ(α_k) (N&amp;W eq. 3.58):
 *
 * <pre>
 *   [a, b]ᵀ = 1 / (α_{k−1}² α_k² (α_k − α_{k−1})) · [[α_{k−1}², −α_k²], [−α_{k−1}³, α_k³]]
 *             · [φ(α_k) − φ(0) − φ′(0)α_k, φ(α_{k−1}) − φ(0) − φ′(0)α_{k−1}]ᵀ
 *   α_{k+1} = (−b + √(b² − 3aφ′(0))) / (3a).
 * </pre>
 *
 * <p>Near a minimiser f changes by less than its rounding error; a trial is then also accepted if
 * φ(α) ≤ φ(0) + ε_f (ε_f = 10⁻¹² |φ(0)|) and φ′(α) ≤ (1 − 2c₁)|φ′(0)|: sufficient decrease
 * expressed through φ′, exact for a quadratic φ (Hager &amp; Zhang's approximate Wolfe condition).
 *
 * <p>Safeguard: every new trial is clamped to [ρ_lo α_k, ρ_hi α_k] (default [0.1, 0.5]), so the
 * step shrinks by at least ρ_hi and at most ρ_lo per trial. A non-finite trial value shrinks the
 * step by ρ_lo. The search fails with {@link LineSearchStatus#EVALUATION_LIMIT} after {@code
 * maxEvaluations} trials and with {@link LineSearchStatus#STEP_TOO_SMALL} when α falls below {@code
 * minStep}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Backtracking implements LineSearch {
  private final double c1;
  private final double shrinkLow;
  private final double shrinkHigh;
  private final int maxEvaluations;
  private final double minStep;

  private Backtracking(
      double c1, double shrinkLow, double shrinkHigh, int maxEvaluations, double minStep) {
    this.c1 = c1;
    this.shrinkLow = shrinkLow;
    this.shrinkHigh = shrinkHigh;
    this.maxEvaluations = maxEvaluations;
    this.minStep = minStep;
  }

  /** c₁ = 1e-4, safeguards [0.1, 0.5], 50 evaluations, minimum step 1e-20. */
  public static Backtracking withDefaults() {
    return new Backtracking(1e-4, 0.1, 0.5, 50, 1e-20);
  }

  /**
   * Backtracking with the given sufficient-decrease constant and evaluation limit.
   *
   * @throws IllegalArgumentException unless 0 &lt; c1 &lt; 1 and maxEvaluations ≥ 1
   */
  public static Backtracking of(double c1, int maxEvaluations) {
    checkArgument(c1 > 0 && c1 < 1, "c1 must be in (0, 1), got %s", c1);
    checkArgument(maxEvaluations >= 1, "maxEvaluations must be ≥ 1, got %s", maxEvaluations);
    return new Backtracking(c1, 0.1, 0.5, maxEvaluations, 1e-20);
  }

  /** The sufficient-decrease constant c₁. */
  public double c1() {
    return c1;
  }

  /** The maximum number of evaluations per search. */
  public int maxEvaluations() {
    return maxEvaluations;
  }

  @Override
  public String name() {
    return "Backtracking(c1=" + c1 + ")";
  }

  @Override
  public LineSearchResult search(
      LineFunction function, double value0, double derivative0, double initialStep) {
    Arguments.check(function, value0, derivative0, initialStep);
    if (derivative0 >= 0) {
      return Arguments.notDescent(value0, derivative0);
    }
    double step = initialStep;
    double previousStep = Double.NaN;
    double previousValue = Double.NaN;
    LinePoint trial = null;
    for (int evaluations = 1; evaluations <= maxEvaluations; evaluations++) {
      trial = function.evaluate(step);
      double value = trial.value();
      boolean finite = Double.isFinite(value) && Double.isFinite(trial.derivative());
      boolean approximate =
          finite
              && Math.abs(value - value0) <= StrongWolfe.ROUNDING * Math.abs(value0)
              && trial.derivative() <= -(1 - 2 * c1) * derivative0;
      boolean armijo = finite && value <= value0 + c1 * step * derivative0;
      if (armijo || approximate) {
        return new LineSearchResult(
            LineSearchStatus.SATISFIED,
            trial,
            evaluations,
            String.format(
                !armijo
                    ? "approximate Armijo condition holds at α = %.3g (φ flat to rounding)"
                    : "Armijo condition holds at α = %.3g",
                step));
      }
      double next;
      if (!Double.isFinite(value)) {
        next = shrinkLow * step;
      } else if (Double.isNaN(previousValue)) {
        next = quadraticMinimizer(value0, derivative0, step, value);
      } else {
        next = cubicMinimizer(value0, derivative0, previousStep, previousValue, step, value);
      }
      if (!(next >= shrinkLow * step)) {
        next = Double.isNaN(next) ? shrinkHigh * step : shrinkLow * step;
      } else if (next > shrinkHigh * step) {
        next = shrinkHigh * step;
      }
      if (Double.isFinite(value)) {
        previousStep = step;
        previousValue = value;
      }
      step = next;
      if (step < minStep) {
        return new LineSearchResult(
            LineSearchStatus.STEP_TOO_SMALL,
            trial,
            evaluations,
            String.format(
                "step fell below %.3g without sufficient decrease (φ(0) = %.6g)", minStep, value0));
      }
    }
    return new LineSearchResult(
        LineSearchStatus.EVALUATION_LIMIT,
        trial,
        maxEvaluations,
        String.format(
            "no step with sufficient decrease in %d evaluations (last α = %.3g, φ = %.6g)",
            maxEvaluations, trial.step(), trial.value()));
  }

  /** The minimiser of the quadratic q with q(0) = φ₀, q′(0) = φ′₀, q(α) = φ_α. */
  static double quadraticMinimizer(
      double value0, double derivative0, double step, double valueAtStep) {
    double curvature = valueAtStep - value0 - derivative0 * step;
    return curvature > 0 ? -derivative0 * step * step / (2 * curvature) : Double.NaN;
  }

  /** The minimiser of the cubic through φ(0), φ′(0), φ(α₀), φ(α₁) (N&amp;W eq. 3.58). */
  static double cubicMinimizer(
      double value0,
      double derivative0,
      double step0,
      double value0AtStep0,
      double step1,
      double valueAtStep1) {
    double r1 = valueAtStep1 - value0 - derivative0 * step1;
    double r0 = value0AtStep0 - value0 - derivative0 * step0;
    double denominator = step0 * step0 * step1 * step1 * (step1 - step0);
    if (denominator == 0) {
      return Double.NaN;
    }
    double a = (step0 * step0 * r1 - step1 * step1 * r0) / denominator;
    double b = (-step0 * step0 * step0 * r1 + step1 * step1 * step1 * r0) / denominator;
    if (a == 0) {
      return b > 0 ? -derivative0 / (2 * b) : Double.NaN;
    }
    double discriminant = b * b - 3 * a * derivative0;
    if (discriminant < 0) {
      return Double.NaN;
    }
    return (-b + Math.sqrt(discriminant)) / (3 * a);
  }
}

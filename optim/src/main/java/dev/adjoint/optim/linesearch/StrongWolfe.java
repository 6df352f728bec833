package dev.adjoint.optim.linesearch;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A line search for the strong Wolfe conditions (Nocedal &amp; Wright, Numerical Optimization, 2nd
 * ed., Alg. 3.5 with the zoom of Alg. 3.6, interpolation as in SciPy's {@code
 * scalar_search_wolfe2}):
 *
 * <pre>
 *   φ(α) ≤ φ(0) + c₁ α φ′(0)        (sufficient decrease)
 *   |φ′(α)| ≤ c₂ |φ′(0)|            (curvature),   0 &lt; c₁ &lt; c₂ &lt; 1.
 * </pre>
 *
 * <p><b>Bracketing</b> (Alg. 3.5): trials α₁ = α₀ (the initial step), α_{i+1} = 2α_i. The interval
 * [α_{i−1}, α_i] contains a strong Wolfe step and is zoomed when φ(α_i) violates sufficient
 * decrease, or φ(α_i) ≥ φ(α_{i−1}) (i &gt; 1), or φ′(α_i) ≥ 0; α_i is returned if it satisfies both
 * conditions.
 *
 * <p><b>Zoom</b> (Alg. 3.6) keeps α_lo (lowest φ with sufficient decrease) and α_hi with
 * φ′(α_lo)(α_hi − α_lo) &lt; 0. Each trial is the minimiser of the cubic through (α_lo, φ_lo,
 * φ′_lo), (α_hi, φ_hi) and the previous endpoint, rejected if it lies within 20% of the interval's
 * ends; then the minimiser of the quadratic through (α_lo, φ_lo, φ′_lo), (α_hi, φ_hi), rejected
 * within 10%; then bisection.
 *
 * <p><b>Rounding.</b> Near a minimiser f changes by less than its rounding error, and sufficient
 * decrease can no longer be observed in φ. A trial is then also accepted if it satisfies the
 * approximate Wolfe conditions of Hager &amp; Zhang (SIAM J. Optim. 16(1), 2005) with the strong
 * curvature condition, restricted to steps whose change of φ is below the rounding tolerance:
 *
 * <pre>
 *   |φ(α) − φ(0)| ≤ ε_f,   φ′(α) ≤ (1 − 2c₁)|φ′(0)|,   |φ′(α)| ≤ c₂|φ′(0)|,   ε_f = 10⁻¹² |φ(0)|,
 * </pre>
 *
 * where the middle condition is sufficient decrease expressed through φ′ (equivalent to it for a
 * quadratic φ). The curvature condition, hence sᵀy &gt; 0, holds either way. While φ is flat to
 * rounding, bracketing and zoom decide by the sign of φ′ instead of by φ, and zoom trials are
 * secant steps on φ′.
 *
 * <p>A non-finite φ or φ′ at a trial counts as "too high": the trial becomes α_hi, so the step
 * shrinks. The search fails with {@link LineSearchStatus#EVALUATION_LIMIT} after {@code
 * maxEvaluations} evaluations, and with {@link LineSearchStatus#STEP_TOO_SMALL} when the zoom
 * interval shrinks below relative width 1e-14 (rounding noise in φ) without a Wolfe step.
 *
 * <p>Immutable and thread-safe.
 */
public final class StrongWolfe implements LineSearch {
  private static final double CUBIC_MARGIN = 0.2;
  private static final double QUADRATIC_MARGIN = 0.1;
  private static final double EXPANSION = 2;
  private static final double MIN_RELATIVE_WIDTH = 1e-14;

  /** Relative rounding tolerance ε_f / |φ(0)| for the approximate Wolfe conditions. */
  static final double ROUNDING = 1e-12;

  private final double c1;
  private final double c2;
  private final int maxEvaluations;

  private StrongWolfe(double c1, double c2, int maxEvaluations) {
    this.c1 = c1;
    this.c2 = c2;
    this.maxEvaluations = maxEvaluations;
  }

  /** c₁ = 1e-4, c₂ = 0.9 (for quasi-Newton and Newton directions), 30 evaluations. */
  public static StrongWolfe withDefaults() {
    return new StrongWolfe(1e-4, 0.9, 30);
  }

  /**
   * A strong Wolfe search with the given constants and evaluation limit.
   *
   * <p>Theory asks for c₁ &lt; c₂; c₁ = c₂ is accepted too, as in Moré and Thuente's tests.
   *
   * @throws IllegalArgumentException unless 0 &lt; c1 ≤ c2 &lt; 1 and maxEvaluations ≥ 1
   */
  public static StrongWolfe of(double c1, double c2, int maxEvaluations) {
    checkArgument(
        c1 > 0 && c1 <= c2 && c2 < 1, "need 0 < c1 ≤ c2 < 1, got c1 = %s, c2 = %s", c1, c2);
    checkArgument(maxEvaluations >= 1, "maxEvaluations must be ≥ 1, got %s", maxEvaluations);
    return new StrongWolfe(c1, c2, maxEvaluations);
  }

  /** The sufficient-decrease constant c₁. */
  public double c1() {
    return c1;
  }

  /** The curvature constant c₂. */
  public double c2() {
    return c2;
  }

  /** The maximum number of evaluations per search. */
  public int maxEvaluations() {
    return maxEvaluations;
  }

  @Override
  public String name() {
    return "StrongWolfe(c1=" + c1 + ", c2=" + c2 + ")";
  }

  @Override
  public LineSearchResult search(
      LineFunction function, double value0, double derivative0, double initialStep) {
    Arguments.check(function, value0, derivative0, initialStep);
    if (derivative0 >= 0) {
      return Arguments.notDescent(value0, derivative0);
    }
    Search search = new Search(function, value0, derivative0);
    return search.bracket(initialStep);
  }

  /** The mutable state of one search. */
  private final class Search {
    private final LineFunction function;
    private final double value0;
    private final double derivative0;
    private int evaluations;
    private LinePoint last;

    Search(LineFunction function, double value0, double derivative0) {
      this.function = function;
      this.value0 = value0;
      this.derivative0 = derivative0;
      this.last = new LinePoint(0, value0, derivative0);
    }

    private LinePoint evaluate(double step) {
      evaluations++;
      last = function.evaluate(step);
      return last;
    }

    private boolean violatesDecrease(LinePoint point) {
      return !point.isFinite() || point.value() > value0 + c1 * point.step() * derivative0;
    }

    private boolean satisfiesCurvature(LinePoint point) {
      return Math.abs(point.derivative()) <= -c2 * derivative0;
    }

    /** Whether φ(α) differs from φ(0) by less than the rounding tolerance. */
    private boolean isFlat(LinePoint point) {
      return point.isFinite() && Math.abs(point.value() - value0) <= ROUNDING * Math.abs(value0);
    }

    /** The approximate Wolfe conditions for a φ flat to rounding (see the class comment). */
    private boolean satisfiesApproximateWolfe(LinePoint point) {
      return isFlat(point)
          && point.derivative() <= -(1 - 2 * c1) * derivative0
          && satisfiesCurvature(point);
    }

    private LineSearchResult satisfied(LinePoint point) {
      return new LineSearchResult(
          LineSearchStatus.SATISFIED,
          point,
          evaluations,
          String.format("strong Wolfe conditions hold at α = %.3g", point.step()));
    }

    private LineSearchResult approximatelySatisfied(LinePoint point) {
      return new LineSearchResult(
          LineSearchStatus.SATISFIED,
          point,
          evaluations,
          String.format(
              "approximate Wolfe conditions hold at α = %.3g (φ flat to rounding)", point.step()));
    }

    private LineSearchResult limitReached() {
      return new LineSearchResult(
          LineSearchStatus.EVALUATION_LIMIT,
          last,
          evaluations,
          String.format(
              "no strong Wolfe step in %d evaluations (last α = %.3g, φ = %.6g, φ′ = %.3g)",
              evaluations, last.step(), last.value(), last.derivative()));
    }

    LineSearchResult bracket(double initialStep) {
      LinePoint previous = new LinePoint(0, value0, derivative0);
      double step = initialStep;
      boolean first = true;
      while (evaluations < maxEvaluations) {
        LinePoint trial = evaluate(step);
        if (satisfiesApproximateWolfe(trial)) {
          return approximatelySatisfied(trial);
        }
        if (isFlat(trial) && isFlat(previous)) {
          if (trial.derivative() >= 0) {
            return zoom(previous, trial);
          }
        } else if (violatesDecrease(trial) || (!first && trial.value() >= previous.value())) {
          return zoom(previous, trial);
        }
        if (satisfiesCurvature(trial)) {
          return satisfied(trial);
        }
        if (trial.derivative() >= 0) {
          return zoom(trial, previous);
        }
        previous = trial;
        step = EXPANSION * step;
        if (!Double.isFinite(step)) {
          return new LineSearchResult(
              LineSearchStatus.EVALUATION_LIMIT,
              trial,
              evaluations,
              "step grew without bound: φ appears unbounded below along the direction");
        }
        first = false;
      }
      return limitReached();
    }

    /**
     * Alg. 3.6. {@code low} has sufficient decrease and the lowest value so far; the interval
     * between {@code low} and {@code high} contains a strong Wolfe step.
     */
    private LineSearchResult zoom(LinePoint low, LinePoint high) {
      LinePoint recent = null;
      while (evaluations < maxEvaluations) {
        double width = high.step() - low.step();
        double left = Math.min(low.step(), high.step());
        double right = Math.max(low.step(), high.step());
        if (Math.abs(width) <= MIN_RELATIVE_WIDTH * right) {
          return new LineSearchResult(
              LineSearchStatus.STEP_TOO_SMALL,
              low,
              evaluations,
              String.format(
                  "zoom interval [%.6g, %.6g] too small for a strong Wolfe step"
                      + " (φ is flat to rounding)",
                  left, right));
        }
        double step = Double.NaN;
        boolean flat = isFlat(low) && isFlat(high);
        if (flat) {
          double margin = QUADRATIC_MARGIN * Math.abs(width);
          step = secantStep(low, high);
          if (!(step > left + margin && step < right - margin)) {
            step = Double.NaN;
          }
        }
        if (!flat && recent != null && high.isFinite() && recent.isFinite()) {
          double margin = CUBIC_MARGIN * Math.abs(width);
          step = cubicMinimizer(low, high, recent);
          if (!(step > left + margin && step < right - margin)) {
            step = Double.NaN;
          }
        }
        if (!flat && Double.isNaN(step) && high.isFinite()) {
          double margin = QUADRATIC_MARGIN * Math.abs(width);
          step = quadraticMinimizer(low, high);
          if (!(step > left + margin && step < right - margin)) {
            step = Double.NaN;
          }
        }
        if (Double.isNaN(step)) {
          step = low.step() + 0.5 * width;
        }
        LinePoint trial = evaluate(step);
        if (satisfiesApproximateWolfe(trial)) {
          return approximatelySatisfied(trial);
        }
        if (isFlat(trial) && isFlat(low)) {
          // φ carries no information here; keep the bracket on a sign change of φ′.
          if (trial.derivative() * (high.step() - low.step()) >= 0) {
            recent = high;
            high = trial;
          } else {
            recent = low;
            low = trial;
          }
        } else if (violatesDecrease(trial) || trial.value() >= low.value()) {
          recent = high;
          high = trial;
        } else {
          if (satisfiesCurvature(trial)) {
            return satisfied(trial);
          }
          if (trial.derivative() * (high.step() - low.step()) >= 0) {
            recent = high;
            high = low;
          } else {
            recent = low;
          }
          low = trial;
        }
      }
      return limitReached();
    }
  }

  /**
   * The minimiser of the cubic through (a, φ_a, φ′_a), (b, φ_b), (c, φ_c), or NaN if it has none.
   */
  static double cubicMinimizer(LinePoint a, LinePoint b, LinePoint c) {
    double slope = a.derivative();
    double db = b.step() - a.step();
    double dc = c.step() - a.step();
    double denominator = db * db * dc * dc * (db - dc);
    if (denominator == 0) {
      return Double.NaN;
    }
    double rb = b.value() - a.value() - slope * db;
    double rc = c.value() - a.value() - slope * dc;
    double cubic = (dc * dc * rb - db * db * rc) / denominator;
    double quadratic = (-dc * dc * dc * rb + db * db * db * rc) / denominator;
    double radical = quadratic * quadratic - 3 * cubic * slope;
    if (cubic == 0 || radical < 0) {
      return Double.NaN;
    }
    return a.step() + (-quadratic + Math.sqrt(radical)) / (3 * cubic);
  }

  /** The zero of the secant of φ′ through (a, φ′_a) and (b, φ′_b), or NaN. */
  static double secantStep(LinePoint a, LinePoint b) {
    double slopeChange = b.derivative() - a.derivative();
    return slopeChange != 0
        ? a.step() - a.derivative() * (b.step() - a.step()) / slopeChange
        : Double.NaN;
  }

  /** The minimiser of the quadratic through (a, φ_a, φ′_a), (b, φ_b), or NaN if it has none. */
  static double quadraticMinimizer(LinePoint a, LinePoint b) {
    double db = b.step() - a.step();
    double curvature = (b.value() - a.value() - a.derivative() * db) / (db * db);
    return curvature > 0 ? a.step() - a.derivative() / (2 * curvature) : Double.NaN;
  }
}

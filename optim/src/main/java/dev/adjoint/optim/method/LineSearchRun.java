package dev.adjoint.optim.method;

import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Status;
import dev.adjoint.optim.StepOutcome;
import dev.adjoint.optim.Vectors;
import dev.adjoint.optim.linesearch.LineSearch;
import dev.adjoint.optim.linesearch.LineSearchResult;
import dev.adjoint.optim.linesearch.ObjectiveLine;

/**
 * The loop shared by line-search methods: direction, descent check, line search, step, memory
 * update. Subclasses supply the direction, the initial trial step and the memory.
 */
abstract class LineSearchRun implements MinimizerRun {
  protected final Objective objective;
  protected final int dimension;
  private final LineSearch lineSearch;
  private final ObjectiveLine line;

  protected final double[] point;
  protected final double[] gradient;
  protected double value;

  /** f(x_{k−1}), NaN before the first step. */
  protected double previousValue = Double.NaN;

  /** α_{k−1}, NaN before the first step. */
  protected double previousStep = Double.NaN;

  private final double[] direction;
  private final double[] newPoint;
  private final double[] newGradient;
  private final double[] stepVector;
  private final double[] gradientChange;

  /** Starts at x0, evaluating f and ∇f there. */
  LineSearchRun(Objective objective, LineSearch lineSearch, double[] x0) {
    this(objective, lineSearch);
    System.arraycopy(x0, 0, point, 0, dimension);
    value = objective.valueAndGradient(point, gradient);
  }

  /** Resumes from the common part of a saved state; subclasses restore their memory. */
  LineSearchRun(Objective objective, LineSearch lineSearch, OptimizerState state) {
    this(objective, lineSearch);
    copyInto(state.vector("x"), point, "x");
    copyInto(state.vector("gradient"), gradient, "gradient");
    value = state.scalar("value");
    previousValue = state.scalar("previousValue");
    previousStep = state.scalar("previousStep");
  }

  private LineSearchRun(Objective objective, LineSearch lineSearch) {
    this.objective = objective;
    this.dimension = objective.dimension();
    this.lineSearch = lineSearch;
    this.line = new ObjectiveLine(objective);
    this.point = new double[dimension];
    this.gradient = new double[dimension];
    this.direction = new double[dimension];
    this.newPoint = new double[dimension];
    this.newGradient = new double[dimension];
    this.stepVector = new double[dimension];
    this.gradientChange = new double[dimension];
  }

  static void copyInto(double[] source, double[] target, String name) {
    if (source.length != target.length) {
      throw new IllegalArgumentException(
          String.format(
              "saved %s has length %d but the objective has dimension %d",
              name, source.length, target.length));
    }
    System.arraycopy(source, 0, target, 0, target.length);
  }

  /** Writes the search direction d_k into {@code direction}. */
  abstract void computeDirection(double[] direction);

  /** The first trial step α₀ along d_k, given φ′(0) = ∇f_kᵀd_k. */
  abstract double initialStep(double[] direction, double derivative0);

  /** Called after a step with s = x_{k+1} − x_k and y = ∇f_{k+1} − ∇f_k; the run is at x_{k+1}. */
  abstract void update(double[] step, double[] gradientChange, double[] direction);

  /** Whether the direction just computed is −∇f (so retrying along −∇f is pointless). */
  abstract boolean isSteepestDescent();

  /** Forgets the method's memory, so the next direction is steepest descent. */
  abstract void clearMemory();

  /** Writes the method's memory into {@code state}. */
  abstract void saveMemory(OptimizerState.Builder state);

  @Override
  public final double[] point() {
    return point;
  }

  @Override
  public final double value() {
    return value;
  }

  @Override
  public final double[] gradient() {
    return gradient;
  }

  @Override
  public final StepOutcome step() {
    computeDirection(direction);
    double derivative0 = Vectors.dot(gradient, direction);
    boolean steepest = isSteepestDescent();
    if (!(derivative0 < 0) || !Vectors.allFinite(direction)) {
      steepestDescent();
      derivative0 = Vectors.dot(gradient, direction);
      steepest = true;
    }
    derivative0 = scaledToFiniteSlope(derivative0);
    if (Double.isInfinite(derivative0)) {
      return StepOutcome.failed(
          Status.NON_FINITE_VALUE,
          "the slope ∇fᵀd overflows a double even along a unit direction (‖∇f‖∞ = "
              + String.format("%.3g", Vectors.normInf(gradient))
              + ")");
    }
    if (!(derivative0 < 0)) {
      return StepOutcome.failed(
          Status.LINE_SEARCH_FAILED,
          String.format("no descent direction: ∇fᵀd = %.3g with d = −∇f", derivative0));
    }
    LineSearchResult result = search(derivative0);
    if (!result.isSatisfied() && !steepest) {
      steepestDescent();
      derivative0 = scaledToFiniteSlope(Vectors.dot(gradient, direction));
      if (Double.isFinite(derivative0)) {
        result = search(derivative0);
      }
    }
    if (!result.isSatisfied()) {
      return StepOutcome.failed(
          Status.LINE_SEARCH_FAILED, lineSearch.name() + ": " + result.message());
    }
    double step = result.step();
    double newValue = line.moveTo(step, newPoint, newGradient);
    if (!Double.isFinite(newValue) || !Vectors.allFinite(newGradient)) {
      return StepOutcome.failed(
          Status.NON_FINITE_VALUE,
          String.format("f = %s or its gradient is not finite at the accepted step", newValue));
    }
    for (int i = 0; i < dimension; i++) {
      stepVector[i] = newPoint[i] - point[i];
      gradientChange[i] = newGradient[i] - gradient[i];
    }
    System.arraycopy(newPoint, 0, point, 0, dimension);
    System.arraycopy(newGradient, 0, gradient, 0, dimension);
    previousValue = value;
    value = newValue;
    previousStep = step;
    update(stepVector, gradientChange, direction);
    return StepOutcome.accepted(step);
  }

  /**
   * When ∇fᵀd overflows (f = 10³⁰⁰x² has ∇f = 2·10³⁰⁰x, whose square is infinite), scales d to unit
   * ∞-norm, which keeps its direction and leaves the line search a finite slope; returns the new
   * ∇fᵀd, still infinite when even that overflows.
   */
  private double scaledToFiniteSlope(double derivative0) {
    if (!Double.isInfinite(derivative0)) {
      return derivative0;
    }
    double norm = Vectors.normInf(direction);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return derivative0;
    }
    for (int i = 0; i < dimension; i++) {
      direction[i] /= norm;
    }
    return Vectors.dot(gradient, direction);
  }

  private void steepestDescent() {
    clearMemory();
    for (int i = 0; i < dimension; i++) {
      direction[i] = -gradient[i];
    }
  }

  private LineSearchResult search(double derivative0) {
    double initial = initialStep(direction, derivative0);
    if (!(initial > 0) || !Double.isFinite(initial)) {
      initial = 1;
    }
    line.reset(point, direction);
    return lineSearch.search(line, value, derivative0, initial);
  }

  /**
   * The initial step from the previous decrease (N&amp;W eq. 3.60): α₀ = 2(f_k − f_{k−1}) / φ′(0),
   * which is exact for a quadratic φ with the same decrease as the last step, capped at 1000
   * α_{k−1}; the previous step α_{k−1} when that decrease is below rounding (|f_k − f_{k−1}| ≤
   * 10⁻¹²|f_k|); and before the first step α₀ = 1/‖∇f₀‖₂ capped at 1.
   */
  final double decreaseBasedStep(double derivative0) {
    if (Double.isNaN(previousValue)) {
      return Math.min(1, 1 / Vectors.norm2(gradient));
    }
    double decrease = value - previousValue;
    if (Math.abs(decrease) <= 1e-12 * Math.abs(value)) {
      return previousStep;
    }
    double step = 1.01 * 2 * decrease / derivative0;
    return step > 0 && Double.isFinite(step)
        ? Math.min(step, Math.max(1, 10 * previousStep))
        : previousStep;
  }

  @Override
  public final void save(OptimizerState.Builder state) {
    state.vector("x", point);
    state.vector("gradient", gradient);
    state.scalar("value", value);
    state.scalar("previousValue", previousValue);
    state.scalar("previousStep", previousStep);
    saveMemory(state);
  }
}

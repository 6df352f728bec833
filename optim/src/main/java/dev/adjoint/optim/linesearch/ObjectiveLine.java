package dev.adjoint.optim.linesearch;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.Objective;
import dev.adjoint.optim.Vectors;

/**
 * The line function φ(α) = f(x + αd), φ′(α) = ∇f(x + αd)ᵀd of an {@link Objective} along a
 * direction d from x. Remembers the point and gradient of its latest evaluation, so a method can
 * take the accepted step without evaluating f again.
 *
 * <p>Mutable and reusable: {@link #reset} sets a new x and d without allocating.
 *
 * <p>Not thread-safe: it reuses its trial buffers; use one per line search.
 */
public final class ObjectiveLine implements LineFunction {
  private final Objective objective;
  private final double[] origin;
  private final double[] direction;
  private final double[] trialPoint;
  private final double[] trialGradient;
  private double lastStep = Double.NaN;
  private double lastValue = Double.NaN;

  /** A line for {@code objective}; call {@link #reset} before evaluating. */
  public ObjectiveLine(Objective objective) {
    checkArgument(objective != null, "objective is null");
    this.objective = objective;
    int n = objective.dimension();
    this.origin = new double[n];
    this.direction = new double[n];
    this.trialPoint = new double[n];
    this.trialGradient = new double[n];
  }

  /** Sets the origin x and the direction d (both copied). */
  public void reset(double[] x, double[] d) {
    System.arraycopy(x, 0, origin, 0, origin.length);
    System.arraycopy(d, 0, direction, 0, direction.length);
    lastStep = Double.NaN;
  }

  @Override
  public LinePoint evaluate(double step) {
    Vectors.addScaled(origin, step, direction, trialPoint);
    lastValue = objective.valueAndGradient(trialPoint, trialGradient);
    lastStep = step;
    return new LinePoint(step, lastValue, Vectors.dot(trialGradient, direction));
  }

  /**
   * Writes x + αd and ∇f(x + αd) into {@code point} and {@code gradient} and returns f(x + αd),
   * evaluating again only if α was not the latest evaluation.
   */
  public double moveTo(double step, double[] point, double[] gradient) {
    if (step != lastStep) {
      evaluate(step);
    }
    System.arraycopy(trialPoint, 0, point, 0, point.length);
    System.arraycopy(trialGradient, 0, gradient, 0, gradient.length);
    return lastValue;
  }
}

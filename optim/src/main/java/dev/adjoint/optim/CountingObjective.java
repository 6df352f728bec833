package dev.adjoint.optim;

/**
 * Wraps an objective and counts its evaluations for the driver; {@link #wrap} keeps stochastic
 * objectives stochastic. It also remembers the best point evaluated (the lowest finite f with a
 * finite gradient), trial points of line searches included, so that a run that fails or stops can
 * return it; for a stochastic objective, whose values come from different samples, it does not.
 */
class CountingObjective implements Objective {
  private final Objective objective;
  private long evaluations;
  private long hessianEvaluations;
  private long hessianVectorProducts;
  private double bestValue = Double.NaN;
  private double[] bestPoint;
  private double[] bestGradient;

  /** A counting wrapper that is a {@link StochasticObjective} when {@code objective} is one. */
  static CountingObjective wrap(Objective objective, long evaluations) {
    return objective instanceof StochasticObjective
        ? new CountingStochasticObjective((StochasticObjective) objective, evaluations)
        : new CountingObjective(objective, evaluations, 0, 0);
  }

  CountingObjective(Objective objective, long evaluations, long hessians, long products) {
    this.objective = objective;
    this.evaluations = evaluations;
    this.hessianEvaluations = hessians;
    this.hessianVectorProducts = products;
  }

  void countEvaluation() {
    evaluations++;
  }

  long evaluations() {
    return evaluations;
  }

  long hessianEvaluations() {
    return hessianEvaluations;
  }

  long hessianVectorProducts() {
    return hessianVectorProducts;
  }

  @Override
  public int dimension() {
    return objective.dimension();
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    evaluations++;
    double value = objective.valueAndGradient(x, gradient);
    if (tracksBest()
        && Double.isFinite(value)
        && !(value >= bestValue)
        && Vectors.allFinite(gradient)) {
      if (bestPoint == null) {
        bestPoint = new double[x.length];
        bestGradient = new double[gradient.length];
      }
      System.arraycopy(x, 0, bestPoint, 0, x.length);
      System.arraycopy(gradient, 0, bestGradient, 0, gradient.length);
      bestValue = value;
    }
    return value;
  }

  /** Whether the best point is tracked: values are comparable (not a stochastic objective). */
  boolean tracksBest() {
    return true;
  }

  /** The lowest finite f evaluated with a finite gradient; NaN if none (or not tracked). */
  double bestValue() {
    return bestValue;
  }

  /** The point of {@link #bestValue()}, or null. */
  double[] bestPoint() {
    return bestPoint;
  }

  /** The gradient at {@link #bestPoint()}, or null. */
  double[] bestGradient() {
    return bestGradient;
  }

  @Override
  public double value(double[] x) {
    evaluations++;
    return objective.value(x);
  }

  @Override
  public boolean hasHessianVectorProduct() {
    return objective.hasHessianVectorProduct();
  }

  @Override
  public void hessianVectorProduct(double[] x, double[] v, double[] result) {
    hessianVectorProducts++;
    objective.hessianVectorProduct(x, v, result);
  }

  @Override
  public boolean hasHessian() {
    return objective.hasHessian();
  }

  @Override
  public void hessian(double[] x, double[] result) {
    hessianEvaluations++;
    objective.hessian(x, result);
  }

  /** The counting wrapper of a stochastic objective: samples count as evaluations. */
  private static final class CountingStochasticObjective extends CountingObjective
      implements StochasticObjective {
    private final StochasticObjective stochastic;

    CountingStochasticObjective(StochasticObjective objective, long evaluations) {
      super(objective, evaluations, 0, 0);
      this.stochastic = objective;
    }

    @Override
    boolean tracksBest() {
      return false;
    }

    @Override
    public double sampleValueAndGradient(long draw, double[] x, double[] gradient) {
      countEvaluation();
      return stochastic.sampleValueAndGradient(draw, x, gradient);
    }
  }
}

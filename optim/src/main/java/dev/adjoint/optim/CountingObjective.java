package dev.adjoint.optim;

/** Wraps an objective and counts its evaluations for the driver. */
final class CountingObjective implements Objective {
  private final Objective objective;
  private long evaluations;
  private long hessianEvaluations;
  private long hessianVectorProducts;

  CountingObjective(Objective objective, long evaluations, long hessians, long products) {
    this.objective = objective;
    this.evaluations = evaluations;
    this.hessianEvaluations = hessians;
    this.hessianVectorProducts = products;
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
    return objective.valueAndGradient(x, gradient);
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
}

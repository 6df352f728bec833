package dev.adjoint.optim.linesearch;

import java.util.function.DoubleUnaryOperator;

/** A named φ with its derivative, counting evaluations; for line-search tests. */
final class OneDimensionalFunction implements LineFunction {
  private final String name;
  private final DoubleUnaryOperator value;
  private final DoubleUnaryOperator derivative;
  private int evaluations;

  OneDimensionalFunction(String name, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
    this.name = name;
    this.value = value;
    this.derivative = derivative;
  }

  OneDimensionalFunction fresh() {
    return new OneDimensionalFunction(name, value, derivative);
  }

  @Override
  public LinePoint evaluate(double step) {
    evaluations++;
    return new LinePoint(step, value.applyAsDouble(step), derivative.applyAsDouble(step));
  }

  double value(double step) {
    return value.applyAsDouble(step);
  }

  double derivative(double step) {
    return derivative.applyAsDouble(step);
  }

  int evaluations() {
    return evaluations;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Moré &amp; Thuente (1994), function 1: φ(α) = −α / (α² + β), β = 2. */
  static OneDimensionalFunction moreThuente1() {
    double beta = 2;
    return new OneDimensionalFunction(
        "Moré–Thuente 1",
        a -> -a / (a * a + beta),
        a -> (a * a - beta) / ((a * a + beta) * (a * a + beta)));
  }

  /** Function 2: φ(α) = (α + β)⁵ − 2(α + β)⁴, β = 0.004. */
  static OneDimensionalFunction moreThuente2() {
    double beta = 0.004;
    return new OneDimensionalFunction(
        "Moré–Thuente 2",
        a -> Math.pow(a + beta, 5) - 2 * Math.pow(a + beta, 4),
        a -> 5 * Math.pow(a + beta, 4) - 8 * Math.pow(a + beta, 3));
  }

  /**
   * Function 3: φ(α) = φ₀(α) + 2(1 − β)/(lπ) sin(lπα/2), β = 0.01, l = 39, with φ₀(α) = 1 − α for α
   * ≤ 1 − β, α − 1 for α ≥ 1 + β, (α − 1)²/(2β) + β/2 between.
   */
  static OneDimensionalFunction moreThuente3() {
    double beta = 0.01;
    double l = 39;
    return new OneDimensionalFunction(
        "Moré–Thuente 3",
        a -> {
          double base;
          if (a <= 1 - beta) {
            base = 1 - a;
          } else if (a >= 1 + beta) {
            base = a - 1;
          } else {
            base = (a - 1) * (a - 1) / (2 * beta) + beta / 2;
          }
          return base + 2 * (1 - beta) / (l * Math.PI) * Math.sin(l * Math.PI * a / 2);
        },
        a -> {
          double base;
          if (a <= 1 - beta) {
            base = -1;
          } else if (a >= 1 + beta) {
            base = 1;
          } else {
            base = (a - 1) / beta;
          }
          return base + (1 - beta) * Math.cos(l * Math.PI * a / 2);
        });
  }

  /** Functions 4–6: φ(α) = γ(β₁)√((1 − α)² + β₂²) + γ(β₂)√(α² + β₁²), γ(β) = √(1 + β²) − β. */
  static OneDimensionalFunction moreThuenteYanai(int number, double beta1, double beta2) {
    double gamma1 = Math.sqrt(1 + beta1 * beta1) - beta1;
    double gamma2 = Math.sqrt(1 + beta2 * beta2) - beta2;
    return new OneDimensionalFunction(
        "Moré–Thuente " + number,
        a ->
            gamma1 * Math.sqrt((1 - a) * (1 - a) + beta2 * beta2)
                + gamma2 * Math.sqrt(a * a + beta1 * beta1),
        a ->
            -gamma1 * (1 - a) / Math.sqrt((1 - a) * (1 - a) + beta2 * beta2)
                + gamma2 * a / Math.sqrt(a * a + beta1 * beta1));
  }
}

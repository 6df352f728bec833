package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An {@link Objective} written in plain Java: a function that returns f(x) and writes a
 * hand-written gradient ∇f(x), optionally with a hand-written Hessian, Hessian-vector product, or a
 * Hessian by finite differences of the gradient.
 *
 * <p>Immutable; the {@code with...} methods return new objectives.
 *
 * <pre>{@code
 * Objective rosenbrock = JavaObjective.of(2, (x, g) -> {
 *   double a = x[1] - x[0] * x[0], b = 1 - x[0];
 *   g[0] = -400 * a * x[0] - 2 * b;
 *   g[1] = 200 * a;
 *   return 100 * a * a + b * b;
 * }).withFiniteDifferenceHessian();
 * }</pre>
 *
 * <p>Immutable; thread-safe when the functions it wraps are.
 */
public final class JavaObjective implements Objective {

  /** f(x) and ∇f(x) in one call: returns f(x), writes ∇f(x) into {@code gradient}. */
  @FunctionalInterface
  public interface ValueAndGradientFunction {
    /** Returns f(x) and writes ∇f(x) into {@code gradient}. */
    double evaluate(double[] x, double[] gradient);
  }

  /** A hand-written Hessian: writes ∇²f(x) row-major into {@code result}. */
  @FunctionalInterface
  public interface HessianFunction {
    /** Writes ∇²f(x), row-major n×n, into {@code result}. */
    void evaluate(double[] x, double[] result);
  }

  /** A hand-written Hessian-vector product: writes ∇²f(x)·v into {@code result}. */
  @FunctionalInterface
  public interface HessianVectorProductFunction {
    /** Writes ∇²f(x)·v into {@code result}. */
    void evaluate(double[] x, double[] v, double[] result);
  }

  private enum SecondOrder {
    NONE,
    HAND_WRITTEN,
    FINITE_DIFFERENCES
  }

  private final int dimension;
  private final ValueAndGradientFunction function;
  private final HessianFunction hessian;
  private final HessianVectorProductFunction hessianVectorProduct;
  private final SecondOrder secondOrder;

  private JavaObjective(
      int dimension,
      ValueAndGradientFunction function,
      HessianFunction hessian,
      HessianVectorProductFunction hessianVectorProduct,
      SecondOrder secondOrder) {
    this.dimension = dimension;
    this.function = function;
    this.hessian = hessian;
    this.hessianVectorProduct = hessianVectorProduct;
    this.secondOrder = secondOrder;
  }

  /**
   * An objective of the given dimension from a function that returns f(x) and writes ∇f(x).
   *
   * @throws IllegalArgumentException if {@code dimension < 1} or {@code function} is null
   */
  public static JavaObjective of(int dimension, ValueAndGradientFunction function) {
    checkArgument(dimension >= 1, "dimension must be at least 1, got %s", dimension);
    checkArgument(function != null, "function is null");
    return new JavaObjective(dimension, function, null, null, SecondOrder.NONE);
  }

  /** This objective with a hand-written Hessian (Hessian-vector products are computed from it). */
  public JavaObjective withHessian(HessianFunction hessian) {
    checkArgument(hessian != null, "hessian is null");
    return new JavaObjective(
        dimension, function, hessian, hessianVectorProduct, SecondOrder.HAND_WRITTEN);
  }

  /** This objective with a hand-written Hessian-vector product. */
  public JavaObjective withHessianVectorProduct(HessianVectorProductFunction product) {
    checkArgument(product != null, "product is null");
    return new JavaObjective(dimension, function, hessian, product, SecondOrder.HAND_WRITTEN);
  }

  /**
   * This objective with second derivatives by central differences of the hand-written gradient:
   *
   * <pre>
   *   ∇²f(x)·v ≈ (∇f(x + hv̂) − ∇f(x − hv̂)) ‖v‖ / (2h),  v̂ = v/‖v‖,  h = ε^{1/3} max(1, ‖x‖∞)
   *   ∇²f(x) ≈ columns (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ)) / (2hⱼ),  hⱼ = ε^{1/3} max(1, |xⱼ|), symmetrised
   * </pre>
   *
   * where ε is the machine epsilon; the error is O(h²) times the third derivatives. Each product
   * costs two gradient evaluations and each Hessian 2n; they are not counted as evaluations of the
   * objective.
   */
  public JavaObjective withFiniteDifferenceHessian() {
    return new JavaObjective(dimension, function, null, null, SecondOrder.FINITE_DIFFERENCES);
  }

  private static final double STEP_SCALE = Math.cbrt(Math.ulp(1.0));

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    checkLength("x", x);
    checkLength("gradient", gradient);
    return function.evaluate(x, gradient);
  }

  @Override
  public boolean hasHessianVectorProduct() {
    return secondOrder != SecondOrder.NONE;
  }

  @Override
  public boolean hasHessian() {
    return secondOrder != SecondOrder.NONE;
  }

  @Override
  public void hessianVectorProduct(double[] x, double[] v, double[] result) {
    checkLength("x", x);
    checkLength("v", v);
    checkLength("result", result);
    if (secondOrder == SecondOrder.NONE) {
      Objective.super.hessianVectorProduct(x, v, result);
    } else if (hessianVectorProduct != null) {
      hessianVectorProduct.evaluate(x, v, result);
    } else if (hessian != null) {
      double[] matrix = new double[dimension * dimension];
      hessian.evaluate(x, matrix);
      for (int i = 0; i < dimension; i++) {
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
          sum += matrix[i * dimension + j] * v[j];
        }
        result[i] = sum;
      }
    } else {
      finiteDifferenceProduct(x, v, result);
    }
  }

  @Override
  public void hessian(double[] x, double[] result) {
    checkLength("x", x);
    checkArgument(
        result != null && result.length == dimension * dimension,
        "result must have length n² = %s",
        dimension * dimension);
    if (hessian != null) {
      hessian.evaluate(x, result);
    } else if (secondOrder == SecondOrder.FINITE_DIFFERENCES) {
      finiteDifferenceHessian(x, result);
    } else {
      Objective.super.hessian(x, result);
    }
  }

  private void finiteDifferenceProduct(double[] x, double[] v, double[] result) {
    double vNorm = Vectors.norm2(v);
    if (vNorm == 0) {
      java.util.Arrays.fill(result, 0);
      return;
    }
    double h = STEP_SCALE * Math.max(1, Vectors.normInf(x));
    double[] plus = new double[dimension];
    double[] minus = new double[dimension];
    double[] gradientPlus = new double[dimension];
    double[] gradientMinus = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      plus[i] = x[i] + h * v[i] / vNorm;
      minus[i] = x[i] - h * v[i] / vNorm;
    }
    function.evaluate(plus, gradientPlus);
    function.evaluate(minus, gradientMinus);
    for (int i = 0; i < dimension; i++) {
      result[i] = (gradientPlus[i] - gradientMinus[i]) * vNorm / (2 * h);
    }
  }

  private void finiteDifferenceHessian(double[] x, double[] result) {
    int n = dimension;
    double[] shifted = x.clone();
    double[] gradientPlus = new double[n];
    double[] gradientMinus = new double[n];
    for (int j = 0; j < n; j++) {
      double h = STEP_SCALE * Math.max(1, Math.abs(x[j]));
      shifted[j] = x[j] + h;
      double up = shifted[j];
      function.evaluate(shifted, gradientPlus);
      shifted[j] = x[j] - h;
      double down = shifted[j];
      function.evaluate(shifted, gradientMinus);
      shifted[j] = x[j];
      double width = up - down;
      for (int i = 0; i < n; i++) {
        result[i * n + j] = (gradientPlus[i] - gradientMinus[i]) / width;
      }
    }
    Vectors.symmetrize(result, n);
  }

  private void checkLength(String name, double[] array) {
    checkArgument(array != null, "%s is null", name);
    checkArgument(
        array.length == dimension,
        "%s has length %s but the objective has dimension %s",
        name,
        array.length,
        dimension);
  }
}

package dev.adjoint.optim;

/**
 * A twice-differentiable function f: ℝⁿ → ℝ to be minimised, evaluated at points given as flat
 * {@code double[]} arrays (one or more tensors laid end to end, each row-major).
 *
 * <p>Value and gradient are always computed together, because both implementations share work
 * between them: an {@code Expr} loss evaluates both from one compiled program, and hand-written
 * code usually reuses intermediate terms. Second-order information is optional: a Hessian-vector
 * product ∇²f(x)·v and a full Hessian ∇²f(x). When only the Hessian-vector product is available,
 * the default {@link #hessian} assembles the Hessian column by column from n products.
 *
 * <p>Implementations must not keep references to the arrays passed in, and must not modify {@code
 * x}.
 *
 * <p>Implementations need not be thread-safe: a run calls its objective from one thread, so share
 * one between concurrent runs only if it says it is thread-safe.
 */
public interface Objective {

  /** The number n of scalar parameters, the length of every point. */
  int dimension();

  /**
   * Computes f(x) and writes ∇f(x) into {@code gradient}.
   *
   * @param x the point, of length {@link #dimension()}; not modified
   * @param gradient receives ∇f(x); length {@link #dimension()}
   * @return f(x)
   */
  double valueAndGradient(double[] x, double[] gradient);

  /** Computes f(x); the default evaluates the gradient as well and discards it. */
  default double value(double[] x) {
    return valueAndGradient(x, new double[dimension()]);
  }

  /** Whether {@link #hessianVectorProduct} is available. */
  default boolean hasHessianVectorProduct() {
    return false;
  }

  /**
   * Writes the Hessian-vector product ∇²f(x)·v into {@code result}.
   *
   * @throws UnsupportedOperationException if {@link #hasHessianVectorProduct()} is false
   */
  default void hessianVectorProduct(double[] x, double[] v, double[] result) {
    throw new UnsupportedOperationException(
        "this objective has no Hessian-vector product: " + getClass().getSimpleName());
  }

  /** Whether {@link #hessian} is available; by default when Hessian-vector products are. */
  default boolean hasHessian() {
    return hasHessianVectorProduct();
  }

  /**
   * Writes the Hessian ∇²f(x) into {@code result}, row-major n×n: {@code result[i * n + j] = ∂²f /
   * ∂xᵢ∂xⱼ}. The default assembles it from the n products ∇²f(x)·eⱼ and symmetrises it.
   *
   * @throws UnsupportedOperationException if {@link #hasHessian()} is false
   */
  default void hessian(double[] x, double[] result) {
    if (!hasHessianVectorProduct()) {
      throw new UnsupportedOperationException(
          "this objective has no Hessian: " + getClass().getSimpleName());
    }
    int n = dimension();
    double[] unit = new double[n];
    double[] column = new double[n];
    for (int j = 0; j < n; j++) {
      unit[j] = 1;
      hessianVectorProduct(x, unit, column);
      unit[j] = 0;
      for (int i = 0; i < n; i++) {
        result[i * n + j] = column[i];
      }
    }
    Vectors.symmetrize(result, n);
  }
}

package dev.adjoint.autodiff.kernel;

/**
 * Numerically careful scalar functions shared by the ops' kernels and the scalar evaluator.
 *
 * <p>Stateless and thread-safe.
 */
public final class ScalarFunctions {
  private ScalarFunctions() {}

  /** σ(x) = 1/(1 + e⁻ˣ), without overflow for large |x|. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }
}

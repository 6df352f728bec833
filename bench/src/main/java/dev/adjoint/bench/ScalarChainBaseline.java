package dev.adjoint.bench;

/**
 * Hand-written reverse mode for {@link ScalarChain}: a forward loop that keeps each {@code x_i} and
 * {@code sin(x_i)} on a tape allocated once, then a reverse loop with {@code ∂x_{i+1}/∂x_i = a
 * cos(x_i)}, {@code ∂x_{i+1}/∂a = sin(x_i)}, {@code ∂x_{i+1}/∂b = 1}.
 */
final class ScalarChainBaseline {
  private final int steps;
  private final double[] xs;
  private final double[] sines;

  ScalarChainBaseline(int steps) {
    this.steps = steps;
    this.xs = new double[steps];
    this.sines = new double[steps];
  }

  /**
   * {@code L = x_steps} at {@code x₀ = v[0]}, {@code a = v[1]}, {@code b = v[2]}; writes {@code
   * [dL/dx₀, dL/da, dL/db]} into {@code gradient}.
   */
  double valueAndGradient(double[] v, double[] gradient) {
    double x = v[0];
    double a = v[1];
    double b = v[2];
    for (int i = 0; i < steps; i++) {
      double s = Math.sin(x);
      xs[i] = x;
      sines[i] = s;
      x = s * a + b;
    }
    double g = 1;
    double ga = 0;
    double gb = 0;
    for (int i = steps - 1; i >= 0; i--) {
      ga += g * sines[i];
      gb += g;
      g = g * a * Math.cos(xs[i]);
    }
    gradient[0] = g;
    gradient[1] = ga;
    gradient[2] = gb;
    return x;
  }
}

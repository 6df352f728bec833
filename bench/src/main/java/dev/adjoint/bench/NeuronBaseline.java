package dev.adjoint.bench;

/**
 * Hand-written Java for the neuron {@code L = sum((σ(W·X) − y)²)}: the value and {@code dL/dW =
 * (2(s − y) ⊙ s ⊙ (1 − s)) · Xᵀ} with {@code s = σ(W·X)}, in plain loops over row-major arrays and
 * scratch buffers allocated once.
 */
final class NeuronBaseline {
  private final int m;
  private final int k;
  private final int n;

  /** {@code s = σ(W·X)}, then the gradient with respect to {@code W·X}. */
  private final double[] s;

  NeuronBaseline(int m, int k, int n) {
    this.m = m;
    this.k = k;
    this.n = n;
    this.s = new double[m * n];
  }

  /** {@code L} at {@code w}, {@code x}, {@code y}. */
  double value(double[] w, double[] x, double[] y) {
    activate(w, x);
    double loss = 0;
    for (int i = 0; i < s.length; i++) {
      double r = s[i] - y[i];
      loss += r * r;
    }
    return loss;
  }

  /** {@code L}, writing {@code dL/dW} (row-major {@code m×k}) into {@code dw}. */
  double valueAndGradient(double[] w, double[] x, double[] y, double[] dw) {
    activate(w, x);
    double loss = 0;
    for (int i = 0; i < s.length; i++) {
      double si = s[i];
      double r = si - y[i];
      loss += r * r;
      s[i] = 2 * r * si * (1 - si); // dL/d(W·X), in place
    }
    // dW[i][p] = Σ_j G[i][j] · X[p][j]: both rows are contiguous.
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double acc = 0;
        for (int j = 0; j < n; j++) {
          acc += s[i * n + j] * x[p * n + j];
        }
        dw[i * k + p] = acc;
      }
    }
    return loss;
  }

  /** {@code s = σ(W·X)}, the product in i-k-j order. */
  private void activate(double[] w, double[] x) {
    java.util.Arrays.fill(s, 0);
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double wip = w[i * k + p];
        for (int j = 0; j < n; j++) {
          s[i * n + j] += wip * x[p * n + j];
        }
      }
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = sigmoid(s[i]);
    }
  }

  /** σ(z) = 1/(1 + e⁻ᶻ), without overflow for large |z|. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }
}

package dev.adjoint.bench;

/**
 * Hand-written backpropagation for {@link Mlp}, in loops over row-major arrays with scratch buffers
 * allocated once. With {@code B} rows, {@code r = H·W₂ + b₂ − y} and {@code d = 2r/B}:
 *
 * <pre>
 *   dW₂ = Hᵀ·d     db₂ = Σ d
 *   D = (d·W₂ᵀ) ⊙ (1 − H²)
 *   dW₁ = Xᵀ·D     db₁ = column sums of D
 * </pre>
 */
final class MlpBaseline {
  private static final int B = Mlp.BATCH;
  private final int in;
  private final int hidden;

  /** {@code H}, then overwritten by {@code D} during the backward pass. */
  private final double[] h;

  /** {@code d = 2r/B}, one per row. */
  private final double[] d;

  MlpBaseline(int in, int hidden) {
    this.in = in;
    this.hidden = hidden;
    this.h = new double[B * hidden];
    this.d = new double[B];
  }

  /**
   * {@code L}; writes the gradients into {@code grads} ({@code [dW₁, db₁, dW₂, db₂]}, each sized
   * like its parameter in {@code params} {@code [W₁, b₁, W₂, b₂]}).
   */
  double valueAndGradient(double[][] params, double[] x, double[] y, double[][] grads) {
    double[] w1 = params[0];
    double[] b1 = params[1];
    double[] w2 = params[2];
    double b2 = params[3][0];
    double[] dw1 = grads[0];
    double[] db1 = grads[1];
    double[] dw2 = grads[2];

    // Forward: H = tanh(X·W₁ + b₁), row by row in i-k-j order; r = H·W₂ + b₂ − y.
    double loss = 0;
    for (int r = 0; r < B; r++) {
      int hr = r * hidden;
      System.arraycopy(b1, 0, h, hr, hidden);
      for (int p = 0; p < in; p++) {
        double xrp = x[r * in + p];
        int wp = p * hidden;
        for (int j = 0; j < hidden; j++) {
          h[hr + j] += xrp * w1[wp + j];
        }
      }
      double out = b2;
      for (int j = 0; j < hidden; j++) {
        double hj = Math.tanh(h[hr + j]);
        h[hr + j] = hj;
        out += hj * w2[j];
      }
      double residual = out - y[r];
      loss += residual * residual;
      d[r] = 2 * residual / B;
    }

    // Backward.
    java.util.Arrays.fill(dw2, 0);
    java.util.Arrays.fill(db1, 0);
    java.util.Arrays.fill(dw1, 0);
    double db2 = 0;
    for (int r = 0; r < B; r++) {
      double dr = d[r];
      int hr = r * hidden;
      db2 += dr;
      for (int j = 0; j < hidden; j++) {
        double hj = h[hr + j];
        dw2[j] += hj * dr;
        double dz = dr * w2[j] * (1 - hj * hj);
        h[hr + j] = dz;
        db1[j] += dz;
      }
      for (int p = 0; p < in; p++) {
        double xrp = x[r * in + p];
        int wp = p * hidden;
        for (int j = 0; j < hidden; j++) {
          dw1[wp + j] += xrp * h[hr + j];
        }
      }
    }
    grads[3][0] = db2;
    return loss / B;
  }
}

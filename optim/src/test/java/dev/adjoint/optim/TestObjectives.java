package dev.adjoint.optim;

import dev.adjoint.optim.firstorder.MinibatchObjective;
import java.util.Random;

/** Objectives shared by the tests, written by hand with their derivatives. */
public final class TestObjectives {
  private TestObjectives() {}

  /**
   * Extended Rosenbrock f(x) = Σ_{i even} 100(x_{i+1} − x_i²)² + (1 − x_i)², n even, with the exact
   * Hessian written by hand.
   */
  public static JavaObjective rosenbrock(int n) {
    return JavaObjective.of(
            n,
            (x, g) -> {
              double value = 0;
              for (int i = 0; i < n; i += 2) {
                double a = x[i + 1] - x[i] * x[i];
                double b = 1 - x[i];
                value += 100 * a * a + b * b;
                g[i] = -400 * a * x[i] - 2 * b;
                g[i + 1] = 200 * a;
              }
              return value;
            })
        .withHessian(
            (x, h) -> {
              java.util.Arrays.fill(h, 0);
              for (int i = 0; i < n; i += 2) {
                h[i * n + i] = 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
                h[i * n + i + 1] = -400 * x[i];
                h[(i + 1) * n + i] = -400 * x[i];
                h[(i + 1) * n + i + 1] = 200;
              }
            });
  }

  /** The standard Rosenbrock start (−1.2, 1, −1.2, 1, …). */
  public static double[] rosenbrockStart(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i += 2) {
      x[i] = -1.2;
      x[i + 1] = 1;
    }
    return x;
  }

  /**
   * f(x) = ½xᵀQx − bᵀx with a random symmetric positive definite Q = MᵀM + I/10 and random b; its
   * minimiser solves Qx = b.
   */
  public static final class Quadratic {
    public final int n;
    public final double[] q;
    public final double[] b;

    public Quadratic(int n, long seed) {
      Random random = new Random(seed);
      this.n = n;
      double[] m = new double[n * n];
      for (int i = 0; i < m.length; i++) {
        m[i] = random.nextGaussian();
      }
      q = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double sum = i == j ? 0.1 : 0;
          for (int k = 0; k < n; k++) {
            sum += m[k * n + i] * m[k * n + j];
          }
          q[i * n + j] = sum;
        }
      }
      b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = random.nextGaussian();
      }
    }

    public JavaObjective objective() {
      return JavaObjective.of(
              n,
              (x, g) -> {
                double value = 0;
                for (int i = 0; i < n; i++) {
                  double qx = 0;
                  for (int j = 0; j < n; j++) {
                    qx += q[i * n + j] * x[j];
                  }
                  g[i] = qx - b[i];
                  value += 0.5 * x[i] * qx - b[i] * x[i];
                }
                return value;
              })
          .withHessian((x, h) -> System.arraycopy(q, 0, h, 0, n * n));
    }

    /** Solves Qx = b by Gaussian elimination with partial pivoting (independent of EJML). */
    public double[] solution() {
      double[][] a = new double[n][n + 1];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] = q[i * n + j];
        }
        a[i][n] = b[i];
      }
      for (int c = 0; c < n; c++) {
        int pivot = c;
        for (int r = c + 1; r < n; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
            pivot = r;
          }
        }
        double[] swap = a[c];
        a[c] = a[pivot];
        a[pivot] = swap;
        for (int r = c + 1; r < n; r++) {
          double factor = a[r][c] / a[c][c];
          for (int k = c; k <= n; k++) {
            a[r][k] -= factor * a[c][k];
          }
        }
      }
      double[] x = new double[n];
      for (int i = n - 1; i >= 0; i--) {
        double sum = a[i][n];
        for (int k = i + 1; k < n; k++) {
          sum -= a[i][k] * x[k];
        }
        x[i] = sum / a[i][i];
      }
      return x;
    }
  }

  /** Mean squared error of a linear model w ∈ ℝ³ over 60 examples, sampled in minibatches. */
  public static MinibatchObjective minibatchRegression(int batchSize, long seed) {
    int count = 60;
    double[][] features = new double[count][3];
    double[] targets = new double[count];
    Random random = new Random(11);
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < 3; j++) {
        features[i][j] = random.nextGaussian();
      }
      targets[i] = 1 - 2 * features[i][1] + 0.5 * features[i][2] + 0.1 * random.nextGaussian();
    }
    return MinibatchObjective.of(
        3,
        count,
        (w, i, gradientSum) -> {
          double residual = -targets[i];
          for (int j = 0; j < 3; j++) {
            residual += w[j] * features[i][j];
          }
          for (int j = 0; j < 3; j++) {
            gradientSum[j] += 2 * residual * features[i][j];
          }
          return residual * residual;
        },
        MinibatchObjective.Reduction.MEAN,
        batchSize,
        seed);
  }
}

package dev.adjoint.demos.problems;

import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.Random;

/**
 * Least squares {@code L(w) = Σ (X·w − y)²} on generated data: {@code X} is {@code [n×d]} with a
 * last column of ones (the bias), {@code y = X·w_true + noise}; w and y are columns ({@code [d×1]},
 * {@code [n×1]}).
 *
 * <p>L is quadratic in w, so ∂L/∂w = Xᵀ·2(X·w − y) is linear in w and ∂L/∂w = 0 is the linear
 * system XᵀX·w = Xᵀy: the normal equations.
 *
 * <p>Immutable and thread-safe.
 *
 * @param design the design matrix X, {@code [n×d]}
 * @param targets y, {@code [n×1]}
 * @param trueWeights the weights the data was generated from, {@code [d]}
 */
public record LinearRegression(Tensor design, Tensor targets, Tensor trueWeights) {

  /** {@code n} points with {@code features} features plus a bias column, seeded. */
  public static LinearRegression generate(int n, int features, double noise, long seed) {
    Random random = new Random(seed);
    int d = features + 1;
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = Math.round(random.nextGaussian() * 20) / 10.0;
    }
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double dot = 0;
      for (int j = 0; j < d; j++) {
        double v = j == d - 1 ? 1 : random.nextGaussian();
        x[i * d + j] = v;
        dot += v * w[j];
      }
      y[i] = dot + noise * random.nextGaussian();
    }
    return new LinearRegression(
        Tensor.wrap(Shape.of(n, d), x), Tensor.wrap(Shape.of(n, 1), y), Tensor.vector(w));
  }

  /** The weights variable {@code w}, {@code [d×1]}. */
  public Variable weights() {
    return Variable.of("w", design.shape().dim(1), 1);
  }

  /** {@code Σ (X·w − y)²} with X and y as constants. */
  public Expr loss() {
    return sum(square(Constant.of(design).matmul(weights()).minus(Constant.of(targets))));
  }

  /** The same loss with X and y as variables, for printing: {@code Σ (X·w − y)²}. */
  public Expr symbolicLoss() {
    Variable x = Variable.of("X", design.shape());
    Variable y = Variable.of("y", targets.shape());
    return sum(square(x.matmul(weights()).minus(y)));
  }

  /** Bindings of X and y for {@link #symbolicLoss()}. */
  public Bindings data() {
    return Bindings.of("X", design, "y", targets);
  }

  /** The number of points n. */
  public int size() {
    return design.shape().dim(0);
  }

  /** The number of weights d (features plus bias). */
  public int dimension() {
    return design.shape().dim(1);
  }
}

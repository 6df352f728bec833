package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.diag;
import static dev.adjoint.autodiff.Exprs.eye;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * {@code diag(x)}, as in NumPy: of a vector {@code [n]}, the {@code n×n} matrix with x on its
 * diagonal; of a square matrix, or a batch of them on the last two axes, the diagonal ({@code [...,
 * n]}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Diag implements Op {

  @Override
  public Notation notation() {
    return Notation.function("diag", "diag", "\\operatorname{diag}");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape x = inputs.get(0);
    if (x.rank() == 1) {
      return Shape.of(x.dim(0), x.dim(0));
    }
    if (x.rank() == 0) {
      throw new IllegalArgumentException("diag: needs a vector or a square matrix, not " + x);
    }
    Matrices.checkSquare("diag", x);
    return Shape.of(Matrices.concat(Matrices.batchDims(x, 2), x.dim(-1)));
  }

  /**
   * The gradient of the diagonal matrix of a vector is the diagonal of G; that of the diagonal of a
   * matrix is G on the diagonal, zero elsewhere ({@code diag(G)}, or {@code G[…, 1, :] ⊙ I} for a
   * batch).
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Shape x = inputs.get(0).shape();
    if (x.rank() <= 2) {
      return diag(g);
    }
    int n = x.dim(-1);
    return mul(reshape(g, Matrices.concat(Matrices.batchDims(x, 2), 1, n)), eye(n));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    int n = x.dim(-1);
    if (x.rank() == 1) {
      return (in, out) -> {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < n; i++) {
          out[i * n + i] = in[0][i];
        }
      };
    }
    int batch = Matrices.batchSize(x, 2);
    return (in, out) -> {
      double[] a = in[0];
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < n; i++) {
          out[b * n + i] = a[b * n * n + i * n + i];
        }
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Diag;
  }

  @Override
  public int hashCode() {
    return Diag.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "diag";
  }
}

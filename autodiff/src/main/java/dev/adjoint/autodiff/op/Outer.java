package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;

/**
 * The outer product {@code outer(a, b)}: {@code a·bᵀ} of vectors {@code [m]} and {@code [n]}, an
 * {@code m×n} matrix; of batches of vectors on the last axis, with equal batch dimensions, the
 * batch of matrices.
 *
 * <p>Immutable and thread-safe.
 */
public final class Outer implements Op {

  @Override
  public Notation notation() {
    return Notation.function("outer");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    if (a.rank() < 1
        || a.rank() != b.rank()
        || !Arrays.equals(Matrices.batchDims(a, 1), Matrices.batchDims(b, 1))) {
      throw new IllegalArgumentException(
          "outer: needs two vectors (or batches of them with equal batch dimensions), not "
              + a
              + " and "
              + b);
    }
    return Shape.of(Matrices.concat(Matrices.batchDims(a, 1), a.dim(-1), b.dim(-1)));
  }

  /** ∂L/∂a = G·b and ∂L/∂b = Gᵀ·a (written {@code a·G}). */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr a = inputs.get(0);
    Expr b = inputs.get(1);
    if (a.shape().rank() == 1) {
      return input == 0 ? matmul(g, b) : matmul(a, g);
    }
    int[] batch = Matrices.batchDims(a.shape(), 1);
    int rank = g.shape().rank();
    return input == 0
        ? sum(mul(g, reshape(b, Matrices.concat(batch, 1, b.shape().dim(-1)))), rank - 1)
        : sum(mul(g, reshape(a, Matrices.concat(batch, a.shape().dim(-1), 1))), rank - 2);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int m = output.dim(-2);
    int n = output.dim(-1);
    int batch = Matrices.batchSize(output, 2);
    return (in, out) -> {
      double[] a = in[0];
      double[] b = in[1];
      for (int k = 0; k < batch; k++) {
        for (int i = 0; i < m; i++) {
          double ai = a[k * m + i];
          for (int j = 0; j < n; j++) {
            out[(k * m + i) * n + j] = ai * b[k * n + j];
          }
        }
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Outer;
  }

  @Override
  public int hashCode() {
    return Outer.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "outer";
  }
}

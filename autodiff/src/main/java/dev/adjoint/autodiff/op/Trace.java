package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.eye;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.op.Matrices.perMatrix;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The trace {@code tr(X)}, the sum of the diagonal, of a square matrix or of each matrix of a batch
 * on the last two axes (the result drops them).
 *
 * <p>Immutable and thread-safe.
 */
public final class Trace implements Op {

  @Override
  public Notation notation() {
    return Notation.function("trace", "tr", "\\operatorname{tr}");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Matrices.checkSquare("trace", inputs.get(0));
    return Shape.of(Matrices.batchDims(inputs.get(0), 2));
  }

  /** ∂ tr(X) / ∂X = I. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return mul(perMatrix(g), eye(inputs.get(0).shape().dim(-1)));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    int n = x.dim(-1);
    int batch = Matrices.batchSize(x, 2);
    return (in, out) -> {
      double[] a = in[0];
      for (int b = 0; b < batch; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += a[b * n * n + i * n + i];
        }
        out[b] = s;
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trace;
  }

  @Override
  public int hashCode() {
    return Trace.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "trace";
  }
}

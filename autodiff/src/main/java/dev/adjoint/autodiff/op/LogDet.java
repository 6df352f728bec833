package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.inv;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.op.Matrices.mT;
import static dev.adjoint.autodiff.op.Matrices.perMatrix;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LinearAlgebra;
import java.util.List;

/**
 * {@code log |det X|} of a square matrix, or of each matrix of a batch on the last two axes (the
 * result drops them), summed from the logarithms of EJML's LU pivots so that it neither overflows
 * nor underflows. A singular matrix gives −∞, which checked evaluation reports.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogDet implements Op {

  @Override
  public Notation notation() {
    return Notation.function("logdet", "log det", "\\log\\det");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Matrices.checkSquare("logdet", inputs.get(0));
    return Shape.of(Matrices.batchDims(inputs.get(0), 2));
  }

  /** ∂ log |det X| / ∂X = X⁻ᵀ. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return mul(perMatrix(g), mT(inv(inputs.get(0))));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape x = inputs.get(0);
    int n = x.dim(-1);
    int batch = Matrices.batchSize(x, 2);
    return (in, out) -> LinearAlgebra.logAbsDeterminant(in[0], out, n, batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogDet;
  }

  @Override
  public int hashCode() {
    return LogDet.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "logdet";
  }
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.op.Matrices.mT;
import static dev.adjoint.autodiff.op.Matrices.mm;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LinearAlgebra;
import java.util.List;

/**
 * The inverse {@code X⁻¹} of a square matrix, or of each matrix of a batch on the last two axes,
 * through EJML's LU factorisation. A singular matrix gives NaN ({@link LinearAlgebra}), which
 * checked evaluation reports.
 *
 * <p>Immutable and thread-safe.
 */
public final class Inv implements Op {

  @Override
  public Notation notation() {
    return Notation.postfixInMath("inv", "⁻¹", "^{-1}");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Matrices.checkSquare("inv", inputs.get(0));
    return inputs.get(0);
  }

  /** ∂L/∂X = −X⁻ᵀ·G·X⁻ᵀ, with {@code out} = X⁻¹. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr inverseTransposed = mT(out);
    return mm(mm(neg(inverseTransposed), g), inverseTransposed);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int n = output.dim(-1);
    int batch = Matrices.batchSize(output, 2);
    return (in, out) -> LinearAlgebra.inverse(in[0], out, n, batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Inv;
  }

  @Override
  public int hashCode() {
    return Inv.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "inv";
  }
}

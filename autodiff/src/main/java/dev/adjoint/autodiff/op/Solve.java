package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.outer;
import static dev.adjoint.autodiff.Exprs.solve;
import static dev.adjoint.autodiff.op.Matrices.mT;
import static dev.adjoint.autodiff.op.Matrices.mm;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LinearAlgebra;
import java.util.Arrays;
import java.util.List;

/**
 * The solution {@code X = A⁻¹·B} of {@code A·X = B}, through EJML's LU factorisation, without
 * forming the inverse. {@code A} is a square matrix ({@code n×n}) or a batch of them on the last
 * two axes; {@code B} is a vector ({@code [n]}, rank one less than A) or a matrix of right-hand
 * sides ({@code n×k}, the rank of A), with the same batch dimensions as A. A singular A gives NaN,
 * which checked evaluation reports.
 *
 * <p>Immutable and thread-safe.
 */
public final class Solve implements Op {

  @Override
  public Notation notation() {
    return Notation.function("solve");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    Matrices.checkSquare("solve", a);
    boolean vector = b.rank() == a.rank() - 1;
    if (!vector && b.rank() != a.rank()) {
      throw new IllegalArgumentException(
          "solve: the right-hand side must be a vector or a matrix for each matrix, not "
              + a
              + " with "
              + b);
    }
    int inner = vector ? 1 : 2;
    if (b.dim(b.rank() - inner) != a.dim(-1)
        || !Arrays.equals(Matrices.batchDims(a, 2), Matrices.batchDims(b, inner))) {
      throw new IllegalArgumentException("solve: the shapes do not fit: " + a + " with " + b);
    }
    return b;
  }

  /**
   * With {@code out} = X: ∂L/∂B = A⁻ᵀ·G, computed as {@code solve(Aᵀ, G)}, and ∂L/∂A = −(∂L/∂B)·Xᵀ.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr a = inputs.get(0);
    Expr gb = solve(mT(a), g);
    if (input == 1) {
      return gb;
    }
    boolean vector = out.shape().rank() == a.shape().rank() - 1;
    return neg(vector ? outer(gb, out) : mm(gb, mT(out)));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape a = inputs.get(0);
    int n = a.dim(-1);
    int k = output.rank() == a.rank() ? output.dim(-1) : 1;
    int batch = Matrices.batchSize(a, 2);
    return (in, out) -> LinearAlgebra.solve(in[0], in[1], out, n, k, batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Solve;
  }

  @Override
  public int hashCode() {
    return Solve.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "solve";
  }
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.transpose;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The matrix product {@code A · B} of rank-1 and rank-2 operands, with NumPy's rules: a vector on
 * the left is a row, on the right a column, and the added axis is dropped from the result ({@code
 * [n]·[n] → []}, {@code [m×n]·[n] → [m]}, {@code [n]·[n×p] → [p]}).
 *
 * <p>Immutable and thread-safe.
 */
public final class MatMul implements Op {

  @Override
  public Notation notation() {
    return Notation.infix(
        "@", "·", "\\cdot", Notation.PRECEDENCE_PRODUCT, Notation.Associativity.BOTH);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 2);
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) {
      throw new IllegalArgumentException(
          "matmul: operands must be vectors or matrices, not " + a + " · " + b);
    }
    if (a.dim(-1) != b.dim(0)) {
      throw new IllegalArgumentException("matmul: inner dimensions differ: " + a + " · " + b);
    }
    if (a.rank() == 1 && b.rank() == 1) {
      return Shape.scalar();
    }
    if (a.rank() == 1) {
      return Shape.of(b.dim(1));
    }
    if (b.rank() == 1) {
      return Shape.of(a.dim(0));
    }
    return Shape.of(a.dim(0), b.dim(1));
  }

  /**
   * With the vectors promoted to matrices (A as a row, B as a column): ∂L/∂A = G · Bᵀ and ∂L/∂B =
   * Aᵀ · G, reshaped back to the operands' shapes.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr a = asMatrix(inputs.get(0), true);
    Expr b = asMatrix(inputs.get(1), false);
    Expr g2 = reshape(g, a.shape().dim(0), b.shape().dim(1));
    Expr d = input == 0 ? matmul(g2, transpose(b)) : matmul(transpose(a), g2);
    return reshape(d, inputs.get(input).shape().dims());
  }

  private static Expr asMatrix(Expr x, boolean row) {
    if (x.shape().rank() == 2) {
      return x;
    }
    int n = x.shape().dim(0);
    return row ? reshape(x, 1, n) : reshape(x, n, 1);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    int m = a.rank() == 2 ? a.dim(0) : 1;
    int k = a.dim(-1);
    int n = b.rank() == 2 ? b.dim(1) : 1;
    return (in, out) -> dev.adjoint.autodiff.kernel.MatMul.multiply(in[0], in[1], out, m, k, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatMul;
  }

  @Override
  public int hashCode() {
    return MatMul.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "matmul";
  }
}

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
    return kernel(inputs.get(0), false, inputs.get(1), false);
  }

  /**
   * The kernel of {@code op(A) · op(B)} reading a transposed operand as stored, so that {@code
   * Aᵀ·B} and {@code A·Bᵀ} need no transposed copy: an evaluator folding a rank-2 {@code transpose}
   * into this product passes the transpose's input buffer and sets its flag.
   *
   * @param a the shape of A's buffer: {@code m×k} (or {@code [k]}), or {@code k×m} when {@code
   *     transposeA}
   * @param b the shape of B's buffer: {@code k×n} (or {@code [k]}), or {@code n×k} when {@code
   *     transposeB}
   * @throws IllegalArgumentException if a flagged operand is not a matrix or the inner dimensions
   *     differ
   */
  public static Kernel kernel(Shape a, boolean transposeA, Shape b, boolean transposeB) {
    if ((transposeA && a.rank() != 2) || (transposeB && b.rank() != 2)) {
      throw new IllegalArgumentException(
          "matmul: only a matrix operand can be read transposed, not " + a + " · " + b);
    }
    int m = transposeA ? a.dim(1) : a.rank() == 2 ? a.dim(0) : 1;
    int k = transposeA ? a.dim(0) : a.dim(-1);
    int kb = transposeB ? b.dim(1) : b.dim(0);
    int n = transposeB ? b.dim(0) : b.rank() == 2 ? b.dim(1) : 1;
    if (k != kb) {
      throw new IllegalArgumentException(
          "matmul: inner dimensions differ: "
              + a
              + (transposeA ? "ᵀ" : "")
              + " · "
              + b
              + (transposeB ? "ᵀ" : ""));
    }
    return (in, out) ->
        dev.adjoint.autodiff.kernel.MatMul.multiply(
            in[0], transposeA, in[1], transposeB, out, m, k, n);
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

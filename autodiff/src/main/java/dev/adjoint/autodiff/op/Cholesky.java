package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.inv;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.op.Matrices.mT;
import static dev.adjoint.autodiff.op.Matrices.mm;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LinearAlgebra;
import java.util.List;

/**
 * The Cholesky factor {@code L} of a symmetric positive definite matrix {@code A = L·Lᵀ}, lower
 * triangular with a positive diagonal, of a square matrix or of each matrix of a batch on the last
 * two axes, through EJML. As in JAX, the factor is that of the symmetric part {@code (A + Aᵀ)/2},
 * so the derivative is the symmetric one and holds for any input. A matrix whose symmetric part is
 * not positive definite gives NaN, which checked evaluation reports.
 *
 * <p>Immutable and thread-safe.
 */
public final class Cholesky implements Op {

  @Override
  public Notation notation() {
    return Notation.function("cholesky");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Matrices.checkSquare("cholesky", inputs.get(0));
    return inputs.get(0);
  }

  /**
   * Murray (2016), as in PyTorch's {@code cholesky_backward}: with {@code out} = L, P = Φ(Lᵀ·G)
   * (the lower triangle, the diagonal halved) and S = (P + Pᵀ)/2, ∂L/∂A = L⁻ᵀ·S·L⁻¹.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    int n = out.shape().dim(-1);
    Expr p = mul(constant(phi(n)), mm(mT(out), g));
    Expr s = mul(constant(0.5), add(p, mT(p)));
    Expr inverse = inv(out);
    return mm(mm(mT(inverse), s), inverse);
  }

  /** Φ's mask: 1 below the diagonal, ½ on it, 0 above. */
  private static Tensor phi(int n) {
    double[] mask = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        mask[i * n + j] = 1;
      }
      mask[i * n + i] = 0.5;
    }
    return Tensor.of(Shape.of(n, n), mask);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int n = output.dim(-1);
    int batch = Matrices.batchSize(output, 2);
    return (in, out) -> LinearAlgebra.cholesky(in[0], out, n, batch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cholesky;
  }

  @Override
  public int hashCode() {
    return Cholesky.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "cholesky";
  }
}

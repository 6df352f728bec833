package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Transpose;

/**
 * Compile-time changes to how a node reads its operands that keep what it computes: a matrix
 * product whose operand is a matrix transpose reads the transpose's input in place, with the
 * kernel's transpose flag set ({@code G·Xᵀ} reads {@code X}), so the transpose is not materialised
 * when nothing else reads it.
 *
 * <p>Stateless and thread-safe.
 */
final class Lowering {
  private Lowering() {}

  /**
   * What a node reads and the kernel that reads it that way.
   *
   * @param operands the nodes whose buffers the kernel reads, one per input of the node
   * @param kernel the kernel for those buffers
   * @param variant what distinguishes this kernel from the op's own for the same buffer shapes
   *     (shared kernels are keyed by op, shapes and variant)
   */
  record Lowered(Expr[] operands, Kernel kernel, String variant) {}

  /** How {@code node} is lowered, or {@code null} when it reads its inputs as written. */
  static Lowered of(Expr node) {
    if (!(node.op() instanceof MatMul) || node.arity() != 2) {
      return null;
    }
    Expr a = node.input(0);
    Expr b = node.input(1);
    boolean transposeA = isMatrixTranspose(a);
    boolean transposeB = isMatrixTranspose(b);
    if (!transposeA && !transposeB) {
      return null;
    }
    Expr readA = transposeA ? a.input(0) : a;
    Expr readB = transposeB ? b.input(0) : b;
    Kernel kernel = MatMul.kernel(readA.shape(), transposeA, readB.shape(), transposeB);
    String variant = (transposeA ? "T" : "N") + (transposeB ? "T" : "N");
    return new Lowered(new Expr[] {readA, readB}, kernel, variant);
  }

  private static boolean isMatrixTranspose(Expr e) {
    return e.op() instanceof Transpose t && t.isMatrixTranspose() && e.shape().rank() == 2;
  }
}

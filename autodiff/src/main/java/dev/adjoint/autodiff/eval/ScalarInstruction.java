package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Sub;

/**
 * A node of single numbers evaluated in {@link Program}'s loop through its op's scalar function
 * ({@link ElementwiseFunction#apply(double)}, {@link ElementwiseBinary#apply(double, double)})
 * instead of a call through {@link dev.adjoint.autodiff.kernel.Kernel}: every elementwise op, built
 * in or user-defined, takes this path.
 *
 * <p>Why: in a graph of scalars the kernel call site sees many kernel classes, so the JIT cannot
 * inline it, and passing operands through an array costs a store per operand. The arithmetic core
 * ({@code + − · / −x}) is a {@code switch} case of its own, which the JIT compiles inline; every
 * other op's {@code apply} is one call. The kernels call the same {@code apply}, so results are bit
 * for bit the same.
 *
 * @param kind how the value is computed
 * @param unary the function of one operand, for {@link Kind#UNARY}
 * @param binary the function of two operands, for {@link Kind#BINARY}
 */
record ScalarInstruction(Kind kind, ElementwiseFunction unary, ElementwiseBinary binary) {

  /** How a scalar instruction computes its value. */
  enum Kind {
    ADD,
    SUB,
    MUL,
    DIV,
    NEG,
    /** {@link #unary()}{@code .apply(x)}. */
    UNARY,
    /** {@link #binary()}{@code .apply(x, y)}. */
    BINARY
  }

  /**
   * The instruction for {@code node} when it and all its inputs hold one element and its op is
   * elementwise; {@code null} otherwise (the op's kernel runs).
   */
  static ScalarInstruction of(Expr node) {
    if (node.shape().size() != 1) {
      return null;
    }
    for (Expr input : node.inputs()) {
      if (input.shape().size() != 1) {
        return null;
      }
    }
    Op op = node.op();
    if (op instanceof ElementwiseFunction f) {
      return new ScalarInstruction(f instanceof Neg ? Kind.NEG : Kind.UNARY, f, null);
    }
    if (op instanceof ElementwiseBinary b) {
      return new ScalarInstruction(arithmetic(b), null, b);
    }
    return null;
  }

  private static Kind arithmetic(ElementwiseBinary b) {
    if (b instanceof Add) {
      return Kind.ADD;
    } else if (b instanceof Sub) {
      return Kind.SUB;
    } else if (b instanceof Mul) {
      return Kind.MUL;
    } else if (b instanceof Div) {
      return Kind.DIV;
    }
    return Kind.BINARY;
  }
}

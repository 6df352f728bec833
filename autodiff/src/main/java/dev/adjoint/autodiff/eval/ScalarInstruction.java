package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Cos;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Sin;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Tanh;

/**
 * The common ops on single numbers, evaluated by a {@code switch} in {@link Program}'s loop instead
 * of a call through {@link dev.adjoint.autodiff.kernel.Kernel}.
 *
 * <p>Why: in a graph of scalars the kernel call site sees many kernel classes, so the JIT cannot
 * inline it, and passing operands through an array costs a store per operand. A switch over this
 * enum keeps the scalar hot loop monomorphic. Each case computes exactly what the op's kernel
 * computes, so results are bit-for-bit the same.
 */
enum ScalarInstruction {
  ADD(Add.class),
  SUB(Sub.class),
  MUL(Mul.class),
  DIV(Div.class),
  NEG(Neg.class),
  SIN(Sin.class),
  COS(Cos.class),
  EXP(Exp.class),
  LOG(Log.class),
  TANH(Tanh.class),
  SIGMOID(Sigmoid.class),
  SQUARE(Square.class);

  private final Class<? extends Op> opClass;

  ScalarInstruction(Class<? extends Op> opClass) {
    this.opClass = opClass;
  }

  /**
   * The instruction for {@code node} when it and all its inputs hold one element and its op is one
   * of the above; {@code null} otherwise (the op's kernel runs).
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
    for (ScalarInstruction instruction : values()) {
      if (instruction.opClass.isInstance(op)) {
        return instruction;
      }
    }
    return null;
  }
}

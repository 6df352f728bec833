package dev.adjoint.autodiff.op;

import java.util.List;

/** Checks the number of operands an op is given. */
final class Arity {
  private Arity() {}

  static void check(Op op, List<?> inputs, int expected) {
    if (inputs.size() != expected) {
      throw new IllegalArgumentException(
          op.name()
              + " takes "
              + expected
              + (expected == 1 ? " operand" : " operands")
              + " but was given "
              + inputs.size());
    }
  }
}

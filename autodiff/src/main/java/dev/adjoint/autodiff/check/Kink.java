package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An element whose finite-difference stencil crosses a kink or jump of the loss: perturbing it by
 * the step changes which branch an op takes ({@code relu}'s argument changes sign, the maximum
 * moves to another element, a {@code where} condition flips). Finite differences are meaningless
 * there, so the element is reported, not judged.
 *
 * @param index the element of the variable, one coordinate per axis
 * @param op the name of the op whose branch changed
 * @param expression the node, abbreviated
 * @param reason what changed, e.g. "the argument changes sign within ±h"
 *     <p>Immutable and thread-safe.
 */
public record Kink(int[] index, String op, String expression, String reason) {

  /** A kink; the index is copied. */
  public Kink {
    index = index.clone();
    checkNotNull(op, "op");
    checkNotNull(expression, "expression");
    checkNotNull(reason, "reason");
  }

  /** The element's coordinates (a copy). */
  @Override
  public int[] index() {
    return index.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Kink k
        && java.util.Arrays.equals(k.index, index)
        && k.op.equals(op)
        && k.expression.equals(expression)
        && k.reason.equals(reason);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(index) * 31 + expression.hashCode();
  }

  /** Reads like {@code [0, 1]: relu(W @ x): the argument changes sign within ±h}. */
  @Override
  public String toString() {
    return Reports.index(index) + ": " + expression + ": " + reason;
  }
}

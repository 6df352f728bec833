package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * An element where the loss has a kink (its one-sided derivatives differ beyond rounding) or a jump
 * in value, found by difference quotients that do not shrink with the step. Autodiff and
 * hand-derived gradients are accepted there when they lie between the one-sided derivatives (a
 * subgradient); at a jump there is no derivative to judge.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index the element of the variable, one coordinate per axis
 * @param op the name of the piecewise op whose branch changed, or "" when none was seen to change
 * @param expression that op's subexpression (a {@code where}'s condition), abbreviated; or ""
 * @param left the left one-sided derivative
 * @param right the right one-sided derivative
 * @param jump whether the loss jumps in value here (so the slopes are meaningless)
 */
public record Kink(
    int[] index, String op, String expression, double left, double right, boolean jump) {

  /** A kink; the index is copied. */
  public Kink {
    index = index.clone();
    checkNotNull(op, "op");
    checkNotNull(expression, "expression");
  }

  /** The element's coordinates (a copy). */
  @Override
  public int[] index() {
    return index.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Kink k
        && Arrays.equals(k.index, index)
        && k.op.equals(op)
        && k.expression.equals(expression)
        && Double.compare(k.left, left) == 0
        && Double.compare(k.right, right) == 0
        && k.jump == jump;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(index) * 31 + expression.hashCode();
  }

  /** Reads like {@code [1]: slopes 0 (left) and 1 (right), at relu(W·x)}. */
  @Override
  public String toString() {
    String where = expression.isEmpty() ? "" : ", at " + expression;
    if (jump) {
      return Reports.index(index) + ": the loss jumps" + where;
    }
    return Reports.index(index)
        + ": slopes "
        + Reports.value(left)
        + " (left) and "
        + Reports.value(right)
        + " (right)"
        + where;
  }
}

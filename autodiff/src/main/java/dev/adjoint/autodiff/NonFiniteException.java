package dev.adjoint.autodiff;

import java.util.List;

/**
 * Thrown by a finite-checking evaluation ({@link dev.adjoint.autodiff.eval.Program#checkingFinite})
 * at the first NaN or infinity. The message names the op, the first bad element, the subexpression
 * (Unicode, truncated), a summary of the op's inputs, whether the value was <em>produced</em> there
 * (all inputs finite) or <em>propagated</em> from a non-finite input, and which outputs it is in;
 * {@link #locatedIn} names those outputs ("in the loss", "in the gradient with respect to x").
 *
 * <p>Its state is fixed when it is thrown; safe to read from any thread.
 */
public final class NonFiniteException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final transient Expr producer;
  private final boolean produced;
  private final int[] outputs;
  private final String what;

  /** An exception naming the node that produced the value. */
  public NonFiniteException(String message, Expr producer) {
    this(message, producer, true, new int[0]);
  }

  /**
   * An exception naming the node whose value is not finite.
   *
   * @param what the op, the element, the subexpression and its inputs
   * @param producer the node
   * @param produced whether all its inputs were finite
   * @param outputs the indices of the program's outputs that depend on the node
   */
  public NonFiniteException(String what, Expr producer, boolean produced, int[] outputs) {
    super(what + location(produced, outputs, null));
    this.what = what;
    this.producer = producer;
    this.produced = produced;
    this.outputs = outputs.clone();
  }

  /** The expression whose value is not finite (for a bound variable: the variable). */
  public Expr producer() {
    return producer;
  }

  /** Whether the op produced the value from finite inputs (rather than propagating one). */
  public boolean produced() {
    return produced;
  }

  /** The indices of the program's outputs that depend on the non-finite node. */
  public int[] outputs() {
    return outputs.clone();
  }

  /**
   * This exception with its outputs named: {@code names.get(i)} names output {@code i}, e.g. "the
   * loss" or "the gradient with respect to x"; the first output the node reaches is named.
   */
  public NonFiniteException locatedIn(List<String> names) {
    return new NonFiniteException(what + location(produced, outputs, names), this);
  }

  private NonFiniteException(String message, NonFiniteException from) {
    super(message);
    this.what = from.what;
    this.producer = from.producer;
    this.produced = from.produced;
    this.outputs = from.outputs;
  }

  private static String location(boolean produced, int[] outputs, List<String> names) {
    if (outputs.length == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder("\n  ");
    sb.append(
        produced ? "produced here (all inputs finite)" : "propagated from a non-finite input");
    sb.append(", in ");
    if (names == null) {
      sb.append("output");
      sb.append(outputs.length == 1 ? " " : "s ");
      for (int i = 0; i < outputs.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(outputs[i]);
      }
    } else {
      int first = outputs[0];
      sb.append(first < names.size() ? names.get(first) : "output " + first);
    }
    return sb.toString();
  }
}

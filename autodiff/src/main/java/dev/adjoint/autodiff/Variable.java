package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.op.VariableOp;
import java.util.List;

/**
 * A named symbol with a shape: a leaf whose value comes from {@link Bindings} at evaluation, so one
 * graph serves every optimizer step. Variables with the same name and shape are the same node.
 *
 * <p>Immutable and thread-safe.
 */
public final class Variable extends Expr {

  private Variable(String name, Shape shape) {
    super(new VariableOp(name), List.of(), shape);
  }

  /**
   * The variable {@code name} of the given shape.
   *
   * @throws IllegalArgumentException unless the name is an identifier (a letter or {@code _}, then
   *     letters, digits or {@code _})
   */
  public static Variable of(String name, Shape shape) {
    checkNotNull(name, "name");
    checkNotNull(shape, "shape");
    checkArgument(isIdentifier(name), "variable name '%s' is not an identifier", name);
    return intern(new Variable(name, shape));
  }

  /** The variable {@code name} with the given dimensions ({@code of("x")} is a scalar). */
  public static Variable of(String name, int... dims) {
    return of(name, Shape.of(dims));
  }

  /** The variable's name. */
  public String name() {
    return ((VariableOp) op()).name();
  }

  /** Whether {@code s} can name a variable. */
  public static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }
}

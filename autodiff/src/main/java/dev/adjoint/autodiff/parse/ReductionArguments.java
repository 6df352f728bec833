package dev.adjoint.autodiff.parse;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments after x of {@code norm}, {@code var} and {@code std}, which mix a number that
 * is not an axis (p, ddof) with axes. The parser hands them over as the operands after x and at
 * most one trailing integer (the functions are registered as variadic), so they are read here:
 *
 * <ul>
 *   <li>{@code norm(x[, p[, axis...]])}: as NumPy's {@code norm(x, ord, axis)}, the first number
 *       after x is p (1, 2, or ∞ written {@code 1/0}) and the axes follow it: {@code norm(x, 2, 0)}
 *       is the 2-norm along axis 0;
 *   <li>{@code var(x[, axis...])} with divisor n, as {@code sum} and {@code mean} take axes; and
 *       {@code var(x, [axis, ...], ddof)}: ddof follows the axes only when they are written as a
 *       list, so an integer after x is never silently read as ddof. {@code std} likewise.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class ReductionArguments {
  private ReductionArguments() {}

  /** {@code norm(x[, p[, axis...]])}. */
  static Expr norm(List<Expr> operands, int[] parameters) {
    List<Expr> rest = rest(operands, parameters);
    if (rest.isEmpty()) {
      return Exprs.norm(operands.get(0));
    }
    double p = scalar("norm", "p", rest.get(0));
    int[] axes = new int[rest.size() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = integer("norm", "axis", rest.get(i + 1));
    }
    return Exprs.norm(operands.get(0), p, axes);
  }

  /** {@code var(x[, axis...])} or {@code var(x, [axis, ...], ddof)}. */
  static Expr variance(List<Expr> operands, int[] parameters) {
    return moment("var", operands, parameters, false);
  }

  /** {@code std(x[, axis...])} or {@code std(x, [axis, ...], ddof)}. */
  static Expr std(List<Expr> operands, int[] parameters) {
    return moment("std", operands, parameters, true);
  }

  private static Expr moment(String name, List<Expr> operands, int[] parameters, boolean root) {
    List<Expr> rest = rest(operands, parameters);
    List<Integer> axes = new ArrayList<>();
    int ddof = 0;
    if (!rest.isEmpty() && rest.get(0) instanceof Constant c && c.shape().rank() == 1) {
      for (double a : c.tensor().toArray()) {
        axes.add(integerValue(name, "axis", a, rest.get(0)));
      }
      if (rest.size() > 2) {
        throw new IllegalArgumentException(
            name + ": after a list of axes only ddof may follow, as in " + name + "(x, [0, 1], 1)");
      }
      if (rest.size() == 2) {
        ddof = integer(name, "ddof", rest.get(1));
      }
    } else {
      for (Expr e : rest) {
        axes.add(integer(name, "axis", e));
      }
    }
    Expr x = operands.get(0);
    return root ? Exprs.std(x, axes, ddof) : Exprs.variance(x, axes, ddof);
  }

  /** The operands after x, then the parameters, as one list. */
  private static List<Expr> rest(List<Expr> operands, int[] parameters) {
    List<Expr> rest = new ArrayList<>(operands.subList(1, operands.size()));
    for (int p : parameters) {
      rest.add(Exprs.constant(p));
    }
    return rest;
  }

  private static double scalar(String op, String what, Expr e) {
    if (!(e instanceof Constant c) || !c.shape().isScalar()) {
      throw new IllegalArgumentException(
          op + ": " + what + " must be a number, not " + PlainPrinter.brief(e));
    }
    return c.tensor().item();
  }

  private static int integer(String op, String what, Expr e) {
    return integerValue(op, what, scalar(op, what, e), e);
  }

  private static int integerValue(String op, String what, double v, Expr e) {
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          op + ": " + what + " must be an integer, not " + PlainPrinter.brief(e));
    }
    return (int) v;
  }
}

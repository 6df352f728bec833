package dev.adjoint.autodiff.print;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.op.Notation.Associativity;
import dev.adjoint.autodiff.op.Notation.Fixity;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pow;
import java.util.List;

/**
 * Prints an expression in the plain form of the expression language, with the fewest parentheses
 * the precedence table allows. Nesting deeper than {@link #MAX_DEPTH} is elided as {@code …}, so
 * printing never overflows the stack.
 */
public final class PlainPrinter {
  /** Deeper subexpressions are printed as {@code …}. */
  public static final int MAX_DEPTH = 400;

  /** The length at which expressions quoted in error messages are cut. */
  public static final int MESSAGE_LIMIT = 300;

  private PlainPrinter() {}

  /** The plain form of {@code e}. */
  public static String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    append(sb, e, 0);
    return sb.toString();
  }

  /**
   * The plain form of {@code op} applied to {@code inputs}, cut at {@code limit} characters: used
   * to quote an expression that could not be built.
   */
  public static String print(Op op, List<Expr> inputs, int limit) {
    StringBuilder sb = new StringBuilder();
    appendApplication(sb, op, inputs, 0);
    return sb.length() <= limit ? sb.toString() : sb.substring(0, limit - 1) + "…";
  }

  private static void append(StringBuilder sb, Expr e, int depth) {
    if (depth > MAX_DEPTH) {
      sb.append('…');
      return;
    }
    if (e instanceof Constant c) {
      Tensor t = c.tensor();
      sb.append(t.rank() == 0 ? Tensor.formatNumber(t.item()) : t.toString());
      return;
    }
    appendApplication(sb, e.op(), e.inputs(), depth);
  }

  private static void appendApplication(StringBuilder sb, Op op, List<Expr> in, int depth) {
    Notation n = op.notation();
    List<String> parameters = op.parameters();
    switch (n.fixity()) {
      case ATOM -> sb.append(n.plain());
      case FUNCTION -> {
        sb.append(n.plain()).append('(');
        for (int i = 0; i < in.size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          append(sb, in.get(i), depth + 1);
        }
        for (String p : parameters) {
          sb.append(in.isEmpty() ? "" : ", ").append(p);
        }
        sb.append(')');
      }
      case PREFIX -> {
        sb.append(n.plain());
        operand(sb, in.get(0), n.precedence(), depth);
      }
      case POSTFIX -> {
        operand(sb, in.get(0), Notation.PRECEDENCE_POSTFIX, depth);
        sb.append(n.plain());
      }
      case INDEX -> {
        operand(sb, in.get(0), Notation.PRECEDENCE_POSTFIX, depth);
        sb.append('[').append(String.join(", ", parameters)).append(']');
      }
      case INFIX -> {
        Expr left = in.get(0);
        Expr right = in.get(1);
        int p = n.precedence();
        boolean wrapLeft =
            precedence(left) < p
                || (precedence(left) == p
                    && (n.associativity() == Associativity.RIGHT
                        || n.associativity() == Associativity.NONE));
        boolean wrapRight;
        if (op instanceof Pow) {
          wrapRight = precedence(right) < Notation.PRECEDENCE_UNARY;
        } else {
          boolean sameOp = right.op().equals(op);
          wrapRight =
              precedence(right) < p
                  || (precedence(right) == p
                      && !(n.associativity() == Associativity.BOTH && sameOp)
                      && n.associativity() != Associativity.RIGHT);
        }
        wrapped(sb, left, wrapLeft, depth);
        sb.append(op instanceof Pow ? n.plain() : " " + n.plain() + " ");
        wrapped(sb, right, wrapRight, depth);
      }
      default -> throw new IllegalStateException("unknown fixity " + n.fixity());
    }
  }

  private static void operand(StringBuilder sb, Expr e, int precedence, int depth) {
    wrapped(sb, e, precedence(e) < precedence, depth);
  }

  private static void wrapped(StringBuilder sb, Expr e, boolean wrap, int depth) {
    if (wrap) {
      sb.append('(');
    }
    append(sb, e, depth + 1);
    if (wrap) {
      sb.append(')');
    }
  }

  /** How tightly {@code e}'s printed form binds. */
  static int precedence(Expr e) {
    if (e instanceof Constant c) {
      Tensor t = c.tensor();
      return t.rank() == 0 && (t.item() < 0 || Tensor.formatNumber(t.item()).startsWith("-"))
          ? Notation.PRECEDENCE_UNARY
          : Notation.PRECEDENCE_ATOM;
    }
    Fixity f = e.op().notation().fixity();
    return f == Fixity.ATOM || f == Fixity.FUNCTION
        ? Notation.PRECEDENCE_ATOM
        : e.op().notation().precedence();
  }
}

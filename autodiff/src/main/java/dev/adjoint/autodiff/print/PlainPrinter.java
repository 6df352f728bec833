package dev.adjoint.autodiff.print;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.op.Op;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Prints an expression in the plain form of the expression language, with the fewest parentheses
 * that make the parser give back the same tree: {@code sum((sigmoid(W @ X) - y)^2)}. Every shared
 * subexpression is written out where it is used (the Unicode and LaTeX printers name them instead).
 *
 * <p>Printing is iterative, so a chain of a million nodes prints without a deep call stack; {@link
 * Expr#toString} cuts the text at {@link #TO_STRING_LIMIT} characters, error messages at {@link
 * #MESSAGE_LIMIT}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PlainPrinter {
  /** The length at which expressions quoted in error messages are cut. */
  public static final int MESSAGE_LIMIT = 300;

  /** The length at which {@link Expr#toString} is cut. */
  public static final int TO_STRING_LIMIT = 100_000;

  /** The longest text {@link #print(Expr)} produces before refusing. */
  public static final long MAX_LENGTH = 1L << 28;

  private PlainPrinter() {}

  /**
   * The complete plain form of {@code e}, which {@code Parser} reads back to {@code e} itself.
   *
   * @throws IllegalArgumentException when the text would exceed {@link #MAX_LENGTH} characters
   *     (inlining shared subexpressions can grow it exponentially); print with a limit instead
   */
  public static String print(Expr e) {
    long length = length(e);
    checkArgument(
        length <= MAX_LENGTH,
        "the plain form of this expression has about %s characters (shared subexpressions are"
            + " written out each time); print it with a limit, or in Unicode, which names them",
        length);
    return print(e, MAX_LENGTH);
  }

  /** The plain form of {@code e}, cut at {@code limit} characters (the last one then {@code …}). */
  public static String print(Expr e, long limit) {
    checkArgument(limit >= 1, "limit must be positive, not %s", limit);
    StringBuilder sb = new StringBuilder();
    new Emitter(sb, Style.PLAIN, Layout.Context.INLINE, limit)
        .emit(List.of(new Layout.Operand(e, false)));
    return Emitter.finish(sb, limit);
  }

  /** The plain form cut at {@link #MESSAGE_LIMIT}, for quoting in error messages. */
  public static String brief(Expr e) {
    return print(e, MESSAGE_LIMIT);
  }

  /**
   * The plain form of {@code op} applied to {@code inputs}, cut at {@code limit} characters: used
   * to quote an expression that could not be built.
   */
  public static String print(Op op, List<Expr> inputs, int limit) {
    StringBuilder sb = new StringBuilder();
    new Emitter(sb, Style.PLAIN, Layout.Context.INLINE, limit)
        .emit(Layout.pieces(op, inputs, Style.PLAIN, Layout.Context.INLINE));
    return Emitter.finish(sb, limit);
  }

  /** The length of the complete plain form, saturating at {@code Long.MAX_VALUE / 4}. */
  static long length(Expr root) {
    NodeIndex order = Graph.topologicalIndex(List.of(root));
    long[] lengths = new long[order.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] =
          layoutLength(
              order.get(i), Style.PLAIN, Layout.Context.INLINE, e -> lengths[order.indexOf(e)]);
    }
    return lengths[lengths.length - 1];
  }

  /** The printed length of one node given the printed lengths of its operands. */
  static long layoutLength(
      Expr node, Style style, Layout.Context context, ToLongFunction<Expr> lengths) {
    long cap = Long.MAX_VALUE / 4;
    long parens = Layout.open(style).length() + Layout.close(style).length();
    long n = 0;
    for (Object piece : Layout.pieces(node.op(), node.inputs(), style, context)) {
      if (piece instanceof String text) {
        n += text.length();
      } else {
        Layout.Operand operand = (Layout.Operand) piece;
        String name = context.name(operand.expr());
        n += name != null ? name.length() : lengths.applyAsLong(operand.expr());
        n += operand.wrap() ? parens : 0;
      }
      n = Math.min(n, cap);
    }
    return n;
  }
}

package dev.adjoint.autodiff.print;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.print.Layout.Operand;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes laid-out pieces to text with an explicit stack, so the depth of the expression never
 * touches the call stack, and stops at a length limit, ending the cut text with {@code …}.
 */
final class Emitter {
  private final Style style;
  private final Layout.Context context;
  private final long limit;
  private final StringBuilder out;

  Emitter(StringBuilder out, Style style, Layout.Context context, long limit) {
    this.out = out;
    this.style = style;
    this.context = context;
    this.limit = limit;
  }

  /** Whether the limit was reached, so the text ends with {@code …}. */
  boolean isCut() {
    return out.length() > limit;
  }

  /** Appends the given pieces, expanding operands; returns false once the limit is reached. */
  boolean emit(List<Object> pieces) {
    Deque<Object> stack = new ArrayDeque<>();
    pushReversed(stack, pieces);
    while (!stack.isEmpty()) {
      if (out.length() > limit) {
        return false;
      }
      Object piece = stack.pop();
      if (piece instanceof String text) {
        out.append(text);
        continue;
      }
      Operand operand = (Operand) piece;
      Expr e = operand.expr();
      String name = context.name(e);
      if (name != null) {
        out.append(name);
        continue;
      }
      if (operand.wrap()) {
        stack.push(Layout.close(style));
      }
      pushReversed(stack, Layout.pieces(e.op(), e.inputs(), style, context));
      if (operand.wrap()) {
        stack.push(Layout.open(style));
      }
    }
    return out.length() <= limit;
  }

  private static void pushReversed(Deque<Object> stack, List<Object> pieces) {
    for (int i = pieces.size() - 1; i >= 0; i--) {
      stack.push(pieces.get(i));
    }
  }

  /** Cuts {@code out} to {@code limit} characters, the last being {@code …}, when it is longer. */
  static String finish(StringBuilder out, long limit) {
    if (out.length() <= limit) {
      return out.toString();
    }
    int keep = (int) Math.max(0, limit - 1);
    if (keep > 0 && Character.isHighSurrogate(out.charAt(keep - 1))) {
      keep--;
    }
    return out.substring(0, keep) + "…";
  }
}

package dev.adjoint.autodiff.print;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Notation;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints expressions in one {@link Style}, with the fewest parentheses the precedence table allows:
 * {@code Printer.unicode().print(loss)} gives {@code sum((σ(W·X) − y)²)}.
 *
 * <p>The Unicode and LaTeX printers write a shared subexpression once, as {@code where a = σ(W·X)},
 * when that makes the Unicode text shorter: operands first, a node used {@code u} times whose text
 * has length {@code L} is named when {@code u·|a| + L + |" where a = "| < u·L} (later names cost
 * {@code ", b = "}). LaTeX names the same nodes as Unicode. The plain printer inlines everything,
 * so its text parses back (see {@link PlainPrinter}). In the math styles an explicit {@code
 * broadcast} under an elementwise operator is left out, as broadcasting there is implicit.
 *
 * <p>Instances are immutable; printing never recurses over the graph.
 */
public final class Printer {
  private static final long UNLIMITED = PlainPrinter.MAX_LENGTH;

  private final Style style;
  private final boolean sharing;
  private final long limit;

  private Printer(Style style, boolean sharing, long limit) {
    this.style = style;
    this.sharing = sharing;
    this.limit = limit;
  }

  /** The plain, parseable form: {@code sum((sigmoid(W @ X) - y)^2)}. */
  public static Printer plain() {
    return new Printer(Style.PLAIN, false, UNLIMITED);
  }

  /** Unicode math with shared subexpressions named: {@code sum((σ(W·X) − y)²)}. */
  public static Printer unicode() {
    return new Printer(Style.UNICODE, true, UNLIMITED);
  }

  /** LaTeX math with shared subexpressions named: {@code \operatorname{sum}\left(...\right)}. */
  public static Printer latex() {
    return new Printer(Style.LATEX, true, UNLIMITED);
  }

  /** The printer for a style, with the style's default sharing. */
  public static Printer of(Style style) {
    checkNotNull(style, "style");
    return new Printer(style, style != Style.PLAIN, UNLIMITED);
  }

  /**
   * This printer, naming shared subexpressions ({@code where a = ...}) or not. The plain style
   * never names them: its text must parse back.
   */
  public Printer withSharing(boolean share) {
    checkArgument(!share || style != Style.PLAIN, "the plain form inlines shared subexpressions");
    return new Printer(style, share, limit);
  }

  /**
   * This printer, cutting its text at {@code maxLength} characters (the last one then {@code …}).
   */
  public Printer withLimit(long maxLength) {
    checkArgument(maxLength >= 1, "the limit must be positive, not %s", maxLength);
    return new Printer(style, sharing, maxLength);
  }

  /** The style this printer writes. */
  public Style style() {
    return style;
  }

  /** The text of {@code e}. */
  public String print(Expr e) {
    checkNotNull(e, "expression");
    if (style == Style.PLAIN) {
      return limit == UNLIMITED ? PlainPrinter.print(e) : PlainPrinter.print(e, limit);
    }
    Analysis analysis = new Analysis(e);
    StringBuilder sb = new StringBuilder();
    Emitter emitter = new Emitter(sb, style, analysis, limit);
    boolean complete = emitter.emit(List.of(new Layout.Operand(e, false)));
    boolean first = true;
    for (Map.Entry<Expr, String> shared : analysis.names.entrySet()) {
      if (!complete) {
        break;
      }
      sb.append(first ? (style == Style.LATEX ? " \\quad\\text{where } " : " where ") : ", ");
      first = false;
      sb.append(shared.getValue()).append(" = ");
      Expr node = shared.getKey();
      complete = emitter.emit(Layout.pieces(node.op(), node.inputs(), style, analysis));
    }
    return Emitter.finish(sb, limit);
  }

  /** The sharing decisions and spacing facts for one expression, found bottom-up. */
  private final class Analysis implements Layout.Context {
    /** Named nodes, in the order their definitions are printed (operands first). */
    final Map<Expr, String> names = new LinkedHashMap<>();

    /** Each node's position in the topological order; the arrays below are indexed by it. */
    private final Map<Expr, Integer> index;

    private final String[] nameOf;
    private final boolean[] tight;
    private final long[] lengths;

    Analysis(Expr root) {
      List<Expr> order = Graph.topologicalOrder(List.of(root));
      int n = order.size();
      index = new IdentityHashMap<>(2 * n);
      nameOf = new String[n];
      tight = new boolean[n];
      lengths = new long[n];
      int[] uses = new int[n];
      Set<String> taken = new HashSet<>();
      for (int i = 0; i < n; i++) {
        Expr node = order.get(i);
        index.put(node, i);
        for (Expr input : node.inputs()) {
          uses[index.get(input)]++;
        }
        if (node instanceof Variable v) {
          taken.add(v.name());
        }
      }
      FreeNames free = new FreeNames(taken);
      for (int i = 0; i < n; i++) {
        Expr node = order.get(i);
        long length =
            PlainPrinter.layoutLength(node, Style.UNICODE, this, e -> lengths[index.get(e)]);
        lengths[i] = length;
        tight[i] = computeTight(node);
        if (sharing && node != root && !node.inputs().isEmpty() && uses[i] >= 2) {
          String name = free.peek();
          long overhead = (names.isEmpty() ? " where ".length() : ", ".length()) + " = ".length();
          if (uses[i] * (long) name.length() + length + overhead < uses[i] * length) {
            names.put(node, free.take());
            nameOf[i] = name;
          }
        }
      }
    }

    private boolean computeTight(Expr node) {
      if (Layout.precedence(node.op(), node.inputs(), Style.UNICODE)
          > Notation.PRECEDENCE_PRODUCT) {
        return true;
      }
      for (Object piece : Layout.pieces(node.op(), node.inputs(), Style.UNICODE, this)) {
        if (piece instanceof String text && text.indexOf(' ') >= 0) {
          return false;
        }
        if (piece instanceof Layout.Operand operand
            && !operand.wrap()
            && !isTight(operand.expr())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String name(Expr e) {
      Integer i = index.get(e);
      return i == null ? null : nameOf[i];
    }

    @Override
    public boolean isTight(Expr e) {
      Integer i = index.get(e);
      return i == null || i >= tight.length || nameOf[i] != null || tight[i];
    }
  }

  /** Names for shared subexpressions: a, b, c, ... then a1, b1, ..., skipping variables' names. */
  private static final class FreeNames {
    private final Set<String> taken;
    private int next;

    FreeNames(Set<String> taken) {
      this.taken = taken;
    }

    /** The next free name, without using it up. */
    String peek() {
      while (taken.contains(candidate(next))) {
        next++;
      }
      return candidate(next);
    }

    /** The next free name, used up. */
    String take() {
      String name = peek();
      next++;
      return name;
    }

    private static String candidate(int i) {
      char letter = (char) ('a' + i % 26);
      return i < 26 ? String.valueOf(letter) : letter + String.valueOf(i / 26);
    }
  }
}

package dev.adjoint.autodiff.print;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Notation;
import java.util.HashSet;
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
 *
 * <p>Immutable and thread-safe.
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
    private final NodeIndex index;

    private final String[] nameOf;
    private final boolean[] tight;
    private final long[] lengths;

    Analysis(Expr root) {
      index = Graph.topologicalIndex(List.of(root));
      List<Expr> order = index.nodes();
      int n = order.size();
      nameOf = new String[n];
      tight = new boolean[n];
      lengths = new long[n];
      Set<String> taken = new HashSet<>();
      for (int i = 0; i < n; i++) {
        Expr node = order.get(i);
        if (node instanceof Variable v) {
          taken.add(v.name());
        }
      }
      // How often each node would be written out with everything inlined; naming a node below
      // only lowers the counts of what lies below it, so deciding operands first is sound.
      long[] occurrences = occurrences(order);
      FreeNames free = new FreeNames(taken);
      int named = 0;
      for (int i = 0; i < n; i++) {
        Expr node = order.get(i);
        lengths[i] = PlainPrinter.layoutLength(node, Style.UNICODE, this, this::length);
        tight[i] = computeTight(node);
        long u = occurrences[i];
        if (sharing && node != root && !node.inputs().isEmpty() && u >= 2) {
          String name = free.peek();
          long overhead = (named == 0 ? " where ".length() : ", ".length()) + " = ".length();
          // in doubles: counts and lengths saturate near Long.MAX_VALUE / 4 on shared graphs
          if ((double) u * name.length() + lengths[i] + overhead < (double) u * lengths[i]) {
            nameOf[i] = free.take();
            named++;
          }
        }
      }
      if (named > 0) {
        finishNames(order, taken);
      }
    }

    /**
     * Drops names that, once their users are named too, would be written only once, then gives the
     * remaining names out in order and recomputes spacing.
     */
    private void finishNames(List<Expr> order, Set<String> taken) {
      long[] occurrences = occurrences(order);
      FreeNames free = new FreeNames(taken);
      for (int i = 0; i < order.size(); i++) {
        if (nameOf[i] != null) {
          if (occurrences[i] < 2) {
            nameOf[i] = null;
          } else {
            nameOf[i] = free.take();
            names.put(order.get(i), nameOf[i]);
          }
        }
      }
      for (int i = 0; i < order.size(); i++) {
        tight[i] = computeTight(order.get(i));
      }
    }

    /**
     * How many times each node is written: the root once, a named node's operands once per
     * definition, other nodes' operands once per use of the node.
     */
    private long[] occurrences(List<Expr> order) {
      long cap = Long.MAX_VALUE / 4;
      long[] count = new long[order.size()];
      count[order.size() - 1] = 1;
      for (int i = order.size() - 1; i >= 0; i--) {
        long times = nameOf[i] != null && count[i] > 0 ? 1 : count[i];
        for (Expr input : order.get(i).inputs()) {
          int k = index.indexOf(input);
          count[k] = Math.min(cap, count[k] + times);
        }
      }
      return count;
    }

    private long length(Expr e) {
      return lengths[index.indexOf(e)];
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
      int i = index.indexOf(e);
      return i < 0 ? null : nameOf[i];
    }

    @Override
    public boolean isTight(Expr e) {
      int i = index.indexOf(e);
      return i < 0 || i >= tight.length || nameOf[i] != null || tight[i];
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

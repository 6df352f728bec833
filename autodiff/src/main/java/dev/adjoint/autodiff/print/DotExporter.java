package dev.adjoint.autodiff.print;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NodeIndex;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Notation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes expression graphs in Graphviz DOT ({@code dot -Tsvg graph.dot > graph.svg}): one node per
 * distinct subexpression, labelled with its op (Unicode symbol and parameters) and shape, and an
 * edge from each operand to its use, numbered when an op has several operands.
 *
 * <p>For a loss and its gradients, the forward nodes (those the loss is computed from) are blue
 * ellipses ({@code class="forward"}) and the nodes only the gradients need are orange boxes ({@code
 * class="backward"}); each output is pointed at by a plain-text node naming it ({@code
 * class="output"}). Variables have a double outline. The walk is iterative, so graphs of any depth
 * export.
 *
 * <p>Stateless and thread-safe (writing to one {@code Appendable} from several threads is the
 * caller's affair).
 */
public final class DotExporter {
  /** Fill colour of forward nodes. */
  public static final String FORWARD_COLOR = "#cfe2f3";

  /** Fill colour of backward nodes. */
  public static final String BACKWARD_COLOR = "#f9cb9c";

  private static final int LABEL_LIMIT = 24;

  /** The longest text the {@code export} methods return; {@code write} has no limit. */
  private static final long MAX_LENGTH = Integer.MAX_VALUE - 16;

  private DotExporter() {}

  /** The graph of one expression; every node counts as forward. */
  public static String export(Expr e) {
    checkNotNull(e, "expression");
    return export(Map.of("output", e), Map.of());
  }

  /**
   * The graph of a loss and its gradients, forward and backward nodes told apart; outputs are named
   * {@code loss} and {@code ∂/∂W} for each variable {@code W}.
   */
  public static String export(Expr loss, Gradients gradients) {
    checkNotNull(loss, "loss");
    checkNotNull(gradients, "gradients");
    return export(Map.of("loss", loss), backward(gradients));
  }

  /**
   * The graph of named forward outputs and named backward outputs: nodes reachable from a forward
   * output are forward, the others backward.
   */
  public static String export(Map<String, Expr> forward, Map<String, Expr> backward) {
    // Measured first, so that the text is built in one buffer of the right size: growing a
    // builder would hold about three times the text at its peak.
    Length length = new Length();
    write(forward, backward, length);
    checkArgument(
        length.chars <= MAX_LENGTH,
        "the DOT text of this graph would have %s characters; write it to a file with"
            + " DotExporter.write",
        length.chars);
    StringBuilder dot = new StringBuilder((int) length.chars);
    write(forward, backward, dot);
    return dot.toString();
  }

  /**
   * As {@link #export(Expr, Gradients)}, written to {@code out} as it goes, so a graph of millions
   * of nodes never sits in memory as one string (about 250 bytes per node).
   *
   * @throws UncheckedIOException when {@code out} throws
   */
  public static void write(Expr loss, Gradients gradients, Appendable out) {
    checkNotNull(loss, "loss");
    checkNotNull(gradients, "gradients");
    write(Map.of("loss", loss), backward(gradients), out);
  }

  /** The gradients as backward outputs named {@code ∂/∂W}. */
  private static Map<String, Expr> backward(Gradients gradients) {
    Map<String, Expr> backward = new LinkedHashMap<>();
    gradients.asMap().forEach((v, g) -> backward.put("∂/∂" + v.name(), g));
    return backward;
  }

  /**
   * As {@link #export(Map, Map)}, written to {@code out} as it goes.
   *
   * @throws UncheckedIOException when {@code out} throws
   */
  public static void write(Map<String, Expr> forward, Map<String, Expr> backward, Appendable out) {
    checkNotNull(forward, "forward");
    checkNotNull(backward, "backward");
    checkNotNull(out, "out");
    checkArgument(!forward.isEmpty() || !backward.isEmpty(), "nothing to export");
    try {
      writeGraph(forward, backward, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeGraph(
      Map<String, Expr> forward, Map<String, Expr> backward, Appendable dot) throws IOException {
    // Node ids are positions in the topological order (n0, n1, ...), so no id is stored per node.
    int forwardCount = Graph.topologicalIndex(List.copyOf(forward.values())).size();
    List<Expr> roots = new ArrayList<>(forward.values());
    roots.addAll(backward.values());
    // Forward roots come first, so the forward nodes are exactly the first forwardCount positions.
    NodeIndex order = Graph.topologicalIndex(roots);

    dot.append("digraph adjoint {\n");
    dot.append("  rankdir=BT;\n");
    dot.append("  node [fontname=\"Helvetica\", style=filled];\n");
    dot.append("  edge [arrowsize=0.6];\n");
    for (int k = 0; k < order.size(); k++) {
      Expr node = order.get(k);
      boolean isForward = k < forwardCount;
      dot.append("  n").append(Integer.toString(k));
      dot.append(" [label=\"").append(escape(label(node))).append('"');
      dot.append(isForward ? ", shape=ellipse" : ", shape=box");
      dot.append(", fillcolor=\"").append(isForward ? FORWARD_COLOR : BACKWARD_COLOR).append('"');
      dot.append(", class=\"").append(isForward ? "forward" : "backward").append('"');
      if (node instanceof Variable) {
        dot.append(", peripheries=2");
      }
      dot.append("];\n");
    }
    for (int k = 0; k < order.size(); k++) {
      Expr node = order.get(k);
      int arity = node.arity();
      for (int i = 0; i < arity; i++) {
        dot.append("  n").append(Integer.toString(order.indexOf(node.input(i))));
        dot.append(" -> n").append(Integer.toString(k));
        if (arity > 1) {
          dot.append(" [label=\"").append(Integer.toString(i)).append("\"]");
        }
        dot.append(";\n");
      }
    }
    int out = 0;
    for (Map<String, Expr> outputs : List.of(forward, backward)) {
      for (Map.Entry<String, Expr> output : outputs.entrySet()) {
        String id = "out" + out++;
        dot.append("  ").append(id).append(" [label=\"").append(escape(output.getKey()));
        dot.append("\", shape=plaintext, style=\"\", class=\"output\"];\n");
        dot.append("  ").append(id).append(" -> n");
        dot.append(Integer.toString(order.indexOf(output.getValue())));
        dot.append(" [style=dashed, arrowhead=none];\n");
      }
    }
    dot.append("}\n");
  }

  /** The op's symbol (and parameters) over the shape; leaves show their name or value. */
  private static String label(Expr node) {
    String shape = node.shape().isScalar() ? "" : "\n" + node.shape();
    if (node instanceof Variable v) {
      return v.name() + shape;
    }
    if (node instanceof Constant c) {
      return cut(Literals.mathTensor(c.tensor(), Style.UNICODE)) + shape;
    }
    Notation n = node.op().notation();
    String symbol = n.fixity() == Notation.Fixity.INDEX ? "[]" : n.unicode();
    List<String> parameters = Layout.parameters(node.op(), node.inputs());
    String text =
        parameters.isEmpty()
            ? symbol
            : n.fixity() == Notation.Fixity.INDEX
                ? "[" + String.join(", ", parameters) + "]"
                : symbol + " " + String.join(", ", parameters);
    return cut(text) + shape;
  }

  private static String cut(String text) {
    return text.length() <= LABEL_LIMIT ? text : text.substring(0, LABEL_LIMIT - 1) + "…";
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** Counts the characters appended to it. */
  private static final class Length implements Appendable {
    long chars;

    @Override
    public Appendable append(CharSequence text) {
      chars += text.length();
      return this;
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) {
      chars += end - start;
      return this;
    }

    @Override
    public Appendable append(char c) {
      chars++;
      return this;
    }
  }
}

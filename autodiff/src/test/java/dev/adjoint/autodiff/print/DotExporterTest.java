package dev.adjoint.autodiff.print;

import static dev.adjoint.autodiff.Exprs.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DotExporterTest {
  private static final Pattern NODE = Pattern.compile("^  (n\\d+) \\[label=\"(.*?)\", (.*)\\];$");
  private static final Pattern EDGE =
      Pattern.compile("^  (n\\d+) -> (n\\d+)( \\[label=\"(\\d+)\"\\])?;$");

  private static final Variable W = Variable.of("W", 1, 3);
  private static final Variable X = Variable.of("X", 3, 100);
  private static final Variable Y = Variable.of("y", 1, 100);

  /** The parsed lines of a DOT text: node lines and edge lines. */
  private record Dot(List<String[]> nodes, List<String[]> edges, List<String> outputs) {
    static Dot parse(String text) {
      List<String[]> nodes = new ArrayList<>();
      List<String[]> edges = new ArrayList<>();
      List<String> outputs = new ArrayList<>();
      for (String line : text.lines().toList()) {
        Matcher node = NODE.matcher(line);
        Matcher edge = EDGE.matcher(line);
        if (node.matches()) {
          nodes.add(new String[] {node.group(1), node.group(2), node.group(3)});
        } else if (edge.matches()) {
          edges.add(new String[] {edge.group(1), edge.group(2), edge.group(4)});
        } else if (line.contains("class=\"output\"")) {
          outputs.add(line);
        }
      }
      return new Dot(nodes, edges, outputs);
    }

    long count(String attribute) {
      return nodes.stream().filter(n -> n[2].contains(attribute)).count();
    }
  }

  @Test
  void anExpressionHasOneNodePerDistinctSubexpressionAndOneEdgePerOperand() {
    Expr s = sigmoid(W.matmul(X));
    Expr loss = Exprs.sum(Exprs.square(s.minus(Y)));

    String text = DotExporter.export(loss);
    Dot dot = Dot.parse(text);

    List<Expr> nodes = Graph.topologicalOrder(List.of(loss));
    assertThat(text).startsWith("digraph adjoint {\n").endsWith("}\n");
    assertThat(dot.nodes()).hasSize(nodes.size());
    assertThat(dot.edges()).hasSize(nodes.stream().mapToInt(e -> e.inputs().size()).sum());
    assertThat(dot.outputs()).hasSize(1);
    assertThat(dot.count("class=\"forward\"")).isEqualTo(nodes.size());
    assertThat(dot.nodes())
        .extracting(n -> n[1])
        .containsExactly(
            "W\\n[1×3]",
            "X\\n[3×100]",
            "·\\n[1×100]",
            "σ\\n[1×100]",
            "y\\n[1×100]",
            "−\\n[1×100]",
            "square\\n[1×100]",
            "sum");
    // the matrix product's operands are numbered: W is operand 0, X operand 1
    assertThat(dot.edges())
        .filteredOn(edge -> edge[1].equals("n2"))
        .extracting(edge -> edge[0] + ":" + edge[2])
        .containsExactly("n0:0", "n1:1");
  }

  @Test
  void lossAndGradientTellForwardFromBackwardNodes() {
    Expr loss = Exprs.sum(Exprs.square(sigmoid(W.matmul(X)).minus(Y)));
    Gradients gradients = loss.gradient(W);

    Dot dot = Dot.parse(DotExporter.export(loss, gradients));

    Set<Expr> forward = Collections.newSetFromMap(new IdentityHashMap<>());
    forward.addAll(Graph.topologicalOrder(List.of(loss)));
    List<Expr> all = Graph.topologicalOrder(List.of(loss, gradients.of(W)));
    long backward = all.stream().filter(e -> !forward.contains(e)).count();
    assertThat(backward).isPositive();
    assertThat(dot.nodes()).hasSize(all.size());
    assertThat(dot.count("class=\"forward\"")).isEqualTo(forward.size());
    assertThat(dot.count("class=\"backward\"")).isEqualTo(backward);
    assertThat(dot.nodes())
        .allSatisfy(
            n ->
                assertThat(n[2])
                    .containsAnyOf(
                        "shape=ellipse, fillcolor=\"" + DotExporter.FORWARD_COLOR,
                        "shape=box, fillcolor=\"" + DotExporter.BACKWARD_COLOR));
    assertThat(dot.outputs()).hasSize(2);
    assertThat(dot.outputs().get(0)).contains("label=\"loss\"");
    assertThat(dot.outputs().get(1)).contains("label=\"∂/∂W\"");
    // the gradient reuses forward nodes: some edge runs from a forward node into a backward one
    assertThat(dot.edges())
        .anySatisfy(
            edge -> {
              assertThat(nodeAttributes(dot, edge[0])).contains("forward");
              assertThat(nodeAttributes(dot, edge[1])).contains("backward");
            });
  }

  private static String nodeAttributes(Dot dot, String id) {
    return dot.nodes().stream().filter(n -> n[0].equals(id)).findFirst().orElseThrow()[2];
  }

  @Test
  void tenThousandNodeGraphsExportWithoutRecursion() {
    Variable x = Variable.of("x", 2);
    Expr chain = x;
    for (int i = 0; i < 10_000; i++) {
      chain = i % 3 == 0 ? Exprs.tanh(chain) : chain.times(x);
    }
    Expr loss = Exprs.sum(chain);

    Dot dot = Dot.parse(DotExporter.export(loss, loss.gradient(x)));

    int expected = Graph.topologicalOrder(List.of(loss, loss.gradient(x).of(x))).size();
    assertThat(expected).isGreaterThan(20_000);
    assertThat(dot.nodes()).hasSize(expected);
  }

  @Test
  void labelsAreEscapedAndCut() {
    Expr e =
        Exprs.slice(Exprs.reshape(X, 300).plus(1), dev.adjoint.autodiff.Index.range(1, 299, 3));

    Dot dot = Dot.parse(DotExporter.export(e));

    assertThat(dot.nodes())
        .extracting(n -> n[1])
        .contains("[1:299:3]\\n[100]", "reshape 300\\n[300]");
  }
}

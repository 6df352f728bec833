package dev.adjoint.autodiff.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random expression DAGs (with their gradients, which share nodes with the forward pass) evaluated
 * by a compiled program with buffer reuse, against a reference evaluator that gives every node its
 * own buffer.
 */
class ProgramFuzzTest {
  private static final Shape MATRIX = Shape.of(2, 3);

  /** A random DAG over x, y (both [2×3]) and s (a scalar), whose nodes all have shape [2×3]. */
  private static List<Expr> randomNodes(Random r, int count) {
    List<Expr> nodes = new ArrayList<>();
    nodes.add(Variable.of("x", MATRIX));
    nodes.add(Variable.of("y", MATRIX));
    Variable s = Variable.of("s");
    for (int i = 0; i < count; i++) {
      Expr a = nodes.get(r.nextInt(nodes.size()));
      Expr b = nodes.get(r.nextInt(nodes.size()));
      Expr next =
          switch (r.nextInt(12)) {
            case 0 -> a.plus(b);
            case 1 -> a.times(b);
            case 2 -> a.minus(b.times(s));
            case 3 -> Exprs.sin(a);
            case 4 -> Exprs.tanh(a.plus(b));
            case 5 -> Exprs.softmax(a, r.nextInt(2));
            case 6 -> Exprs.broadcastTo(Exprs.sum(a, true, 1), MATRIX);
            case 7 -> Exprs.transpose(Exprs.transpose(a).times(1.5));
            case 8 -> Exprs.where(Exprs.gt(a, b), a, b.times(b));
            case 9 -> Exprs.reshape(Exprs.reshape(a, 3, 2).times(Exprs.constant(0.5)), 2, 3);
            case 10 -> Exprs.sigmoid(a).times(Exprs.max(b));
            default -> Exprs.constant(Tensor.vector(1, 2, 3)).times(a).plus(s);
          };
      nodes.add(next);
    }
    return nodes;
  }

  /** Every node in its own buffer, evaluated by its op's kernel in topological order. */
  private static List<Tensor> reference(List<Expr> outputs, Bindings bindings) {
    Map<Expr, double[]> values = new IdentityHashMap<>();
    for (Expr node : Graph.topologicalOrder(outputs)) {
      double[] out = new double[node.shape().size()];
      if (node instanceof Variable v) {
        out = bindings.get(v.name()).orElseThrow().toArray();
      } else if (node instanceof Constant c) {
        out = c.tensor().toArray();
      } else {
        double[][] in = new double[node.inputs().size()][];
        List<Shape> shapes = new ArrayList<>();
        for (int k = 0; k < in.length; k++) {
          in[k] = values.get(node.input(k));
          shapes.add(node.input(k).shape());
        }
        node.op().kernel(shapes, node.shape()).run(in, out);
      }
      values.put(node, out);
    }
    return outputs.stream().map(o -> Tensor.wrap(o.shape(), values.get(o))).toList();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void programWithBufferReuseMatchesOneBufferPerNode(long seed) {
    Random r = new Random(seed);
    List<Expr> nodes = randomNodes(r, 40);
    Expr loss = Exprs.sum(nodes.get(nodes.size() - 1).times(nodes.get(nodes.size() - 2)));
    Variable x = Variable.of("x", MATRIX);
    Variable s = Variable.of("s");
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    outputs.addAll(loss.gradient(x, s).list());
    outputs.add(nodes.get(r.nextInt(nodes.size())));
    Program program = Program.compile(outputs);
    Program.Workspace ws = program.newWorkspace();
    for (int point = 0; point < 3; point++) {
      Bindings at =
          Bindings.of(
              "x", Tensor.randomNormal(MATRIX, r),
              "y", Tensor.randomNormal(MATRIX, r),
              "s", Tensor.scalar(r.nextGaussian()));
      List<Tensor> expected = reference(outputs, at);
      assertThat(program.run(at)).isEqualTo(expected);
      ws.bind(at).execute();
      for (int i = 0; i < outputs.size(); i++) {
        assertThat(ws.output(i)).as("output %s at point %s", i, point).isEqualTo(expected.get(i));
      }
    }
    assertThat(program.bufferCount()).isLessThan(program.size());
  }
}

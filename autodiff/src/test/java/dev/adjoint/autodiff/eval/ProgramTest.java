package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProgramTest {
  private static final Variable W = Variable.of("W", 2, 3);
  private static final Variable X = Variable.of("X", 3, 4);
  private static final Variable Y = Variable.of("y", 2, 4);
  private static final Expr LOSS = sum(square(sigmoid(W.matmul(X)).minus(Y)));

  private static Bindings point(long seed) {
    Random r = new Random(seed);
    return Bindings.of(
        "W", Tensor.randomNormal(W.shape(), r),
        "X", Tensor.randomNormal(X.shape(), r),
        "y", Tensor.randomUniform(Y.shape(), 0, 1, r));
  }

  @Test
  void outputsShareTheForwardPass() {
    Expr gradient = LOSS.gradient(W).of(W);
    Program both = Program.compile(LOSS, gradient);
    int separately = Graph.size(LOSS) + Graph.size(gradient);
    assertThat(both.size()).isEqualTo(Graph.topologicalOrder(List.of(LOSS, gradient)).size());
    assertThat(both.size()).isLessThan(separately - Graph.size(LOSS) / 2);
    assertThat(both.outputs()).containsExactly(LOSS, gradient);
    assertThat(both.variables()).containsExactlyInAnyOrder(W, X, Y);

    Bindings at = point(1);
    List<Tensor> values = both.run(at);
    assertThat(values.get(0)).isEqualTo(LOSS.eval(at));
    assertThat(values.get(1)).isEqualTo(gradient.eval(at));
  }

  @Test
  void buffersAreReusedAlongALongChain() {
    Variable x = Variable.of("x", 8);
    Expr e = x;
    for (int i = 0; i < 200; i++) {
      e = sin(e.times(1.01));
    }
    Program p = Program.compile(e);
    assertThat(p.size()).isGreaterThan(400);
    assertThat(p.bufferCount()).isLessThan(p.size()).isLessThanOrEqualTo(5);
    double[] v = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
    double[] expected = v.clone();
    for (int i = 0; i < 200; i++) {
      for (int k = 0; k < 8; k++) {
        expected[k] = Math.sin(1.01 * expected[k]);
      }
    }
    assertThat(p.run(Bindings.of("x", Tensor.vector(v))).get(0).toArray())
        .containsExactly(expected);
  }

  @Test
  void workspaceKeepsBindingsAcrossRunsAndSetsOnlyWhatChanges() {
    Program p = Program.compile(LOSS);
    Bindings at = point(2);
    Program.Workspace ws = p.newWorkspace().bind(at);
    double first = ws.execute().scalar(0);
    double[] w = at.get("W").orElseThrow().toArray();
    w[0] += 0.5;
    ws.set(W, w, 0).execute();
    double moved = ws.scalar(0);
    assertThat(moved).isEqualTo(LOSS.eval(at.with("W", Tensor.of(W.shape(), w))).item());
    ws.set("W", at.get("W").orElseThrow()).execute();
    assertThat(ws.scalar(0)).isEqualTo(first);
    double[] out = {7, 7, 7};
    Program.compile(W.sum(), W.sum().plus(1.0))
        .newWorkspace()
        .bind(at)
        .execute()
        .copyOutput(1, out, 2);
    double total = 1;
    for (double v : at.get("W").orElseThrow().toArray()) {
      total += v;
    }
    assertThat(out[0]).isEqualTo(7);
    assertThat(out[1]).isEqualTo(7);
    assertThat(out[2]).isCloseTo(total, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ws.output(0)).isEqualTo(Tensor.scalar(first));
  }

  @Test
  void runningDoesNotChangeBoundTensors() {
    Variable x = Variable.of("x", 3);
    Tensor value = Tensor.vector(1, 2, 3);
    Program.compile(exp(x).times(2.0)).run(Bindings.of("x", value));
    assertThat(value).isEqualTo(Tensor.vector(1, 2, 3));
  }

  @Test
  void checkingFiniteNamesTheOpThatProducedNaN() {
    Variable x = Variable.of("x", 3);
    Expr e = sum(log(x.minus(1.0)).times(2.0));
    Bindings at = Bindings.of("x", Tensor.vector(3, 0.5, 2));

    assertThat(Program.compile(e).run(at).get(0).item()).isNaN();
    Program checked = Program.compile(e).checkingFinite();
    assertThat(checked.checkingFinite()).isSameAs(checked);
    assertThatThrownBy(() -> checked.run(at))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining("log produced NaN at [1]")
        .hasMessageContaining("log(x − 1)")
        .hasMessageContaining("inputs: x − 1 [3]: min -0.5, max 2, 0 non-finite")
        .hasMessageContaining("produced here (all inputs finite), in output 0")
        .satisfies(
            t -> assertThat(((NonFiniteException) t).producer().op().name()).isEqualTo("log"));
  }

  @Test
  void checkingFiniteBlamesANonFiniteBindingNotTheOpThatReadsIt() {
    Variable x = Variable.of("x", 2);
    Expr e = sum(exp(x));
    assertThatThrownBy(
            () ->
                Program.compile(e)
                    .checkingFinite()
                    .run(Bindings.of("x", Tensor.vector(1, Double.NaN))))
        .isInstanceOf(NonFiniteException.class)
        .hasMessage("variable x is bound to NaN at [1]");
    // an infinite constant used as a mask propagates; the op did not produce it
    Expr masked =
        sum(
            exp(
                x.plus(
                    dev.adjoint.autodiff.Exprs.constant(
                        Tensor.vector(0, Double.NEGATIVE_INFINITY)))));
    assertThat(
            Program.compile(masked)
                .checkingFinite()
                .run(Bindings.of("x", Tensor.vector(1, 2)))
                .get(0)
                .item())
        .isEqualTo(Math.E);
  }

  @Test
  void aProgramSharedByTwoThreadsGivesTheSameResults() throws Exception {
    Expr gradient = LOSS.gradient(W, X).of(W);
    Program program = Program.compile(LOSS, gradient);
    int n = 200;
    List<Bindings> points = new ArrayList<>();
    List<List<Tensor>> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(point(100 + i));
      expected.add(Program.compile(LOSS, gradient).run(points.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t;
        futures.add(
            pool.submit(
                () -> {
                  Program.Workspace own = program.newWorkspace();
                  int checked = 0;
                  for (int round = 0; round < 5; round++) {
                    for (int i = offset; i < n; i += 1) {
                      int k = (i * 7 + round) % n;
                      List<Tensor> pooled = program.run(points.get(k));
                      own.bind(points.get(k)).execute();
                      if (!pooled.equals(expected.get(k))
                          || own.scalar(0) != expected.get(k).get(0).item()
                          || !own.output(1).equals(expected.get(k).get(1))) {
                        throw new AssertionError("thread " + offset + " differs at point " + k);
                      }
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isGreaterThan(0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void compileRejectsNoOutputs() {
    assertThatThrownBy(() -> Program.compile(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a program needs at least one output");
  }

  @Test
  void programWithoutVariablesNeedsNoBindings() {
    Program p = Program.compile(dev.adjoint.autodiff.Exprs.constant(Tensor.vector(1, 2)));
    assertThat(p.run(Bindings.of()).get(0)).isEqualTo(Tensor.vector(1, 2));
    assertThat(p.variables()).isEmpty();
  }
}

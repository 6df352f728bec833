package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static dev.adjoint.autodiff.Exprs.transpose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A workspace recomputes only what depends on variables bound since its last run. */
class IncrementalEvaluationTest {
  /** Large enough that {@code exp(C)} is not folded when the graph is built. */
  private static final int N = 257;

  private static final Variable W = Variable.of("W", N, N);
  private static final Variable X = Variable.of("X", N, N);

  /**
   * {@code sum(tanh(W·exp(Xᵀ)) ⊙ exp(C))}: {@code exp(Xᵀ)} depends on X only, exp(C) on nothing.
   */
  private static final Expr LOSS =
      sum(
          tanh(matmul(W, exp(transpose(X))))
              .times(exp(Constant.of(Tensor.randomNormal(Shape.of(N, N), new Random(5))))));

  private static Tensor random(Shape shape, long seed) {
    return Tensor.randomNormal(shape, new Random(seed));
  }

  @Test
  void onlyWhatDependsOnARebindingIsRecomputed() {
    // Unfused, so that each op is one instruction to count (FusionTest covers fused loops).
    Program program = Program.compile(List.of(LOSS), true, Program.NEVER);
    Program.Workspace ws = program.newWorkspace().set("W", random(W.shape(), 1));
    ws.set("X", random(X.shape(), 2)).execute();
    int all = program.instructions().size();
    assertThat(ws.computedLastRun()).isEqualTo(all);

    ws.execute();
    assertThat(ws.computedLastRun()).as("nothing re-bound").isZero();

    double before = ws.scalar(0);
    ws.set("W", random(W.shape(), 3)).execute();
    // W·exp(Xᵀ), tanh, ⊙, sum: exp(Xᵀ) (and the transpose, if computed) and exp(C) are kept.
    assertThat(ws.computedLastRun()).isEqualTo(4);
    double fresh =
        program
            .newWorkspace()
            .set("W", random(W.shape(), 3))
            .set("X", random(X.shape(), 2))
            .execute()
            .scalar(0);
    assertThat(ws.scalar(0)).isEqualTo(fresh).isNotEqualTo(before);

    ws.set("X", random(X.shape(), 2)).execute();
    assertThat(program.instructions())
        .anyMatch(e -> e.arity() == 1 && e.input(0) instanceof Constant);
    assertThat(ws.computedLastRun()).as("X re-bound to equal values counts").isEqualTo(all - 1);
    assertThat(ws.scalar(0)).isEqualTo(fresh);
  }

  @Test
  void aCallersArrayChangedAfterBindingIsNotSeenUntilBoundAgain() {
    Program program = Program.compile(LOSS);
    double[] w = random(W.shape(), 1).toArray();
    Program.Workspace ws = program.newWorkspace().set(W, w, 0).set("X", random(X.shape(), 2));
    double first = ws.execute().scalar(0);
    w[0] += 1;
    assertThat(ws.execute().scalar(0)).isEqualTo(first);
    double second = ws.set(W, w, 0).execute().scalar(0);
    assertThat(second).isNotEqualTo(first);
    assertThat(second)
        .isEqualTo(
            program.newWorkspace().set(W, w, 0).set("X", random(X.shape(), 2)).execute().scalar(0));
  }

  /**
   * More variables than dependency bits: variables that share a bit recompute each other's nodes,
   * never too few. Each output is {@code sin(v_i)·c_i} chained with its neighbour, and buffers are
   * reused along the chain.
   */
  @Test
  void manyVariablesGiveTheSameValuesAsAFreshWorkspace() {
    List<Variable> vars = new ArrayList<>();
    List<Expr> outputs = new ArrayList<>();
    Expr previous = null;
    for (int i = 0; i < 70; i++) {
      Variable v = Variable.of("v" + i, 3);
      vars.add(v);
      Expr e = sin(v).times(1.0 + i);
      if (previous != null) {
        e = e.plus(exp(previous.times(0.01)));
      }
      previous = e;
      if (i % 7 == 0 || i == 69) {
        outputs.add(sum(e));
      }
    }
    Program program = Program.compile(outputs);
    Program.Workspace kept = program.newWorkspace();
    Tensor[] values = new Tensor[vars.size()];
    for (int i = 0; i < vars.size(); i++) {
      values[i] = random(Shape.of(3), i);
      kept.set(vars.get(i).name(), values[i]);
    }
    Random random = new Random(9);
    for (int round = 0; round < 20; round++) {
      int i = random.nextInt(vars.size());
      values[i] = random(Shape.of(3), 100 + round);
      kept.set(vars.get(i).name(), values[i]).execute();
      Program.Workspace fresh = program.newWorkspace();
      for (int j = 0; j < vars.size(); j++) {
        fresh.set(vars.get(j).name(), values[j]);
      }
      fresh.execute();
      for (int o = 0; o < outputs.size(); o++) {
        assertThat(kept.scalar(o))
            .as("round %s, v%s, output %s", round, i, o)
            .isEqualTo(fresh.scalar(o));
      }
    }
  }

  @Test
  void aFailedRunIsFollowedByAFullOne() {
    Variable x = Variable.of("x", 2);
    Variable y = Variable.of("y", 2);
    Expr e = sum(exp(x).times(y).plus(tanh(y)));
    Program checking = Program.compile(e).checkingFinite();
    Program.Workspace ws = checking.newWorkspace().set("x", Tensor.vector(1, 2));
    ws.set("y", Tensor.vector(1, 1)).execute();
    assertThat(ws.computedLastRun()).isEqualTo(checking.instructions().size());
    ws.set("x", Tensor.vector(1000, 2));
    assertThatThrownBy(ws::execute).isInstanceOf(NonFiniteException.class);
    ws.set("x", Tensor.vector(1, 2)).execute();
    assertThat(ws.computedLastRun()).isEqualTo(checking.instructions().size());

    Program plain = Program.compile(e);
    Program.Workspace unbound = plain.newWorkspace().set("x", Tensor.vector(1, 2));
    assertThatThrownBy(unbound::execute).isInstanceOf(BindingException.class);
    unbound.set("y", Tensor.vector(3, 4)).execute();
    assertThat(unbound.computedLastRun()).isEqualTo(plain.instructions().size());
    assertThat(unbound.scalar(0))
        .isEqualTo(
            e.eval(
                    dev.adjoint.autodiff.Bindings.of(
                        "x", Tensor.vector(1, 2), "y", Tensor.vector(3, 4)))
                .toArray()[0]);
  }
}

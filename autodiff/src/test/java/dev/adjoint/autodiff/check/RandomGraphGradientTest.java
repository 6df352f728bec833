package dev.adjoint.autodiff.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random compositions of ops with fan-out and broadcasting (a [2×3] matrix, a [3] row and a
 * scalar): autodiff against finite differences for every variable, kinks aside. This exercises what
 * single-op rows cannot: accumulation of fan-out and un-broadcasting across many nodes.
 */
class RandomGraphGradientTest {
  private static final Variable M = Variable.of("m", 2, 3);
  private static final Variable R = Variable.of("r", 3);
  private static final Variable S = Variable.of("s");

  private static Expr randomLoss(Random random, int size) {
    List<Expr> nodes = new ArrayList<>(List.of(M, R, S));
    for (int i = 0; i < size; i++) {
      Expr a = nodes.get(random.nextInt(nodes.size()));
      Expr b = nodes.get(random.nextInt(nodes.size()));
      Expr next;
      try {
        next =
            switch (random.nextInt(14)) {
              case 0 -> a.plus(b);
              case 1 -> a.times(b);
              case 2 -> a.minus(b);
              case 3 -> a.div(Exprs.exp(b).plus(0.5));
              case 4 -> Exprs.sin(a).times(Exprs.cos(b));
              case 5 -> Exprs.tanh(a);
              case 6 -> Exprs.sigmoid(a).times(b);
              case 7 -> Exprs.softplus(a);
              case 8 -> Exprs.sum(a).times(b);
              case 9 -> Exprs.mean(a, true, -1).times(a);
              case 10 -> Exprs.logsumexp(Exprs.reshape(a, a.shape().size())).plus(b);
              case 11 -> a.shape().rank() == 2 ? Exprs.softmax(a, 1) : Exprs.square(a);
              case 12 -> a.shape().rank() == 2 ? a.matmul(Exprs.transpose(a)) : a.pow(2);
              default ->
                  a.shape().rank() == 2
                      ? Exprs.concat(0, Exprs.slice(a, Index.range(null, null, -1)), a)
                      : Exprs.sqrt(Exprs.square(a).plus(1));
            };
      } catch (IllegalArgumentException shapesDoNotFit) {
        continue;
      }
      nodes.add(next);
    }
    Expr total = Exprs.constant(0);
    for (int k = nodes.size() - 3; k < nodes.size(); k++) {
      total = total.plus(Exprs.sum(Exprs.tanh(nodes.get(k))));
    }
    return total;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void autodiffMatchesFiniteDifferencesOnRandomGraphs(long seed) {
    Random random = new Random(seed);
    Expr loss = randomLoss(random, 25);
    Bindings at =
        Bindings.of(
            "m", Tensor.randomUniform(Shape.of(2, 3), -1, 1, random),
            "r", Tensor.randomUniform(Shape.of(3), -1, 1, random),
            "s", Tensor.scalar(random.nextDouble() - 0.5));
    GradientCheck check =
        GradientCheck.of(loss).withRespectTo(M, R, S).withTolerance(Tolerance.of(1e-5, 1e-8));
    GradientCheckReport central = check.at(at);
    assertThat(central.passed()).as("%s", central).isTrue();
    GradientCheckReport richardson = check.withRichardson().at(at);
    assertThat(richardson.passed()).as("%s", richardson).isTrue();
  }
}

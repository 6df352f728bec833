package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.square;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.firstorder.AdaGrad;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.ExprMinibatchObjective;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.LearningRateSchedule;
import dev.adjoint.optim.firstorder.RmsProp;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NewtonCg;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import dev.adjoint.optim.method.NonlinearConjugateGradient.Variant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run interrupted after 7 iterations and resumed from its saved state gives the same iterates,
 * bit for bit, as an uninterrupted run of 20.
 */
class ResumeTest {
  private static final int TOTAL = 20;
  private static final int INTERRUPTED_AT = 7;

  static Stream<Arguments> methods() {
    Objective rosenbrock = TestObjectives.rosenbrock(4);
    double[] rosenbrockStart = TestObjectives.rosenbrockStart(4);
    double[] zero = new double[3];
    return Stream.of(
        Arguments.of(GradientDescent.withDefaults(), rosenbrock, rosenbrockStart),
        Arguments.of(
            GradientDescent.with(Backtracking.withDefaults()), rosenbrock, rosenbrockStart),
        Arguments.of(NonlinearConjugateGradient.withDefaults(), rosenbrock, rosenbrockStart),
        Arguments.of(
            NonlinearConjugateGradient.of(Variant.FLETCHER_REEVES), rosenbrock, rosenbrockStart),
        Arguments.of(
            NonlinearConjugateGradient.of(Variant.HESTENES_STIEFEL), rosenbrock, rosenbrockStart),
        Arguments.of(Lbfgs.of(3, StrongWolfe.withDefaults()), rosenbrock, rosenbrockStart),
        Arguments.of(Newton.withDefaults(), rosenbrock, rosenbrockStart),
        Arguments.of(NewtonCg.withDefaults(), rosenbrock, rosenbrockStart),
        Arguments.of(
            FirstOrderMethod.of(Sgd.momentum(0.9), 0.01),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(
            FirstOrderMethod.of(Sgd.nesterov(0.9), 0.01),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(
            FirstOrderMethod.of(
                Adam.withDefaults(), LearningRateSchedule.cosine(0.1, 20, 0), "cosine"),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(
            FirstOrderMethod.of(Adam.adamW(), 0.05),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(
            FirstOrderMethod.of(AdaGrad.withDefaults(), 0.1),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(
            FirstOrderMethod.of(RmsProp.of(0.9, 1e-8, 0.01, 0.5, true), 0.01),
            TestObjectives.minibatchRegression(8, 5),
            zero),
        Arguments.of(FirstOrderMethod.of(Adam.withDefaults(), 0.05), exprMinibatches(), zero));
  }

  /** Mean squared error of w ∈ ℝ³ on shuffled batches of 6 out of 30 examples, as an Expr. */
  static Objective exprMinibatches() {
    Random random = new Random(8);
    double[][] features = new double[30][3];
    double[][] targets = new double[30][1];
    for (int i = 0; i < 30; i++) {
      for (int j = 0; j < 3; j++) {
        features[i][j] = random.nextGaussian();
      }
      targets[i][0] = features[i][0] - features[i][1] + 0.1 * random.nextGaussian();
    }
    Variable w = Variable.of("w", 3, 1);
    Variable xs = Variable.of("X", 6, 3);
    Variable ys = Variable.of("y", 6, 1);
    return ExprMinibatchObjective.of(
        mean(square(xs.matmul(w).minus(ys))),
        List.of(w),
        Map.of(xs, Tensor.matrix(features), ys, Tensor.matrix(targets)),
        Bindings.of(),
        3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void resumedRunRepeatsTheUninterruptedIteratesBitForBit(
      Minimizer method, Objective objective, double[] start) {
    Optimization uninterrupted =
        Optimization.of(method).stopWhen(StoppingRule.maxIterations(TOTAL)).recordPoints();
    OptimizationResult full = uninterrupted.minimize(objective, start);

    OptimizationResult first =
        Optimization.of(method)
            .stopWhen(StoppingRule.maxIterations(INTERRUPTED_AT))
            .minimize(objective, start);
    OptimizationResult resumed = uninterrupted.resume(objective, first.state());

    assertThat(full.iterations()).isEqualTo(TOTAL);
    assertThat(resumed.iterations()).isEqualTo(TOTAL);
    assertThat(resumed.evaluations()).isEqualTo(full.evaluations());
    List<IterationRecord> tail = full.history().subList(INTERRUPTED_AT, TOTAL + 1);
    assertThat(resumed.history()).hasSameSizeAs(tail);
    for (int k = 0; k < tail.size(); k++) {
      assertThat(resumed.history().get(k).iteration()).isEqualTo(tail.get(k).iteration());
      assertThat(resumed.history().get(k).point().orElseThrow())
          .as("iterate %d", tail.get(k).iteration())
          .containsExactly(tail.get(k).point().orElseThrow());
      assertThat(resumed.history().get(k).value()).isEqualTo(tail.get(k).value());
    }
    assertThat(resumed.point()).containsExactly(full.point());
  }

  @Test
  void stateNamesItsParts() {
    OptimizationResult result =
        FirstOrderMethod.of(Adam.withDefaults(), 0.1)
            .minimize(
                TestObjectives.minibatchRegression(8, 5),
                new double[3],
                StoppingRule.maxIterations(3));

    OptimizerState state = result.state();
    assertThat(state.method()).startsWith("Adam");
    assertThat(state.iteration()).isEqualTo(3);
    assertThat(state.vectorNames()).contains("x", "buffer.exp_avg", "buffer.exp_avg_sq");
    assertThat(state.scalar("step")).isEqualTo(3);
    assertThatThrownBy(() -> state.vector("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no vector 'nope'");
  }

  @Test
  void refusesToResumeAnotherMethodsState() {
    Objective objective = TestObjectives.rosenbrock(2);
    OptimizationResult result =
        Lbfgs.withDefaults()
            .minimize(objective, new double[] {-1.2, 1}, StoppingRule.maxIterations(2));

    assertThatThrownBy(
            () -> Optimization.of(Newton.withDefaults()).resume(objective, result.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("saved by L-BFGS");
  }
}

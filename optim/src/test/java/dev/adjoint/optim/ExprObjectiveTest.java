package dev.adjoint.optim;

import static dev.adjoint.autodiff.Exprs.at;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.optim.firstorder.AdaGrad;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.LearningRateSchedule;
import dev.adjoint.optim.firstorder.RmsProp;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NewtonCg;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import dev.adjoint.optim.quadratic.LeastSquares;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Expr-backed objective against hand-written derivatives, and every method run on it. */
class ExprObjectiveTest {

  /** Rosenbrock over one variable x of shape [2]: 100(x₂ − x₁²)² + (1 − x₁)². */
  static ExprObjective rosenbrock() {
    Variable x = Variable.of("x", 2);
    Expr a = at(x, 1).minus(square(at(x, 0)));
    Expr b = constant(1).minus(at(x, 0));
    return ExprObjective.of(square(a).times(100).plus(square(b)), x);
  }

  static Stream<Integer> seeds() {
    return IntStream.range(0, 20).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void valueGradientAndHessianMatchHandWrittenRosenbrock(int seed) {
    Random random = new Random(seed);
    double[] x = {random.nextGaussian() * 2, random.nextGaussian() * 2};
    JavaObjective byHand = TestObjectives.rosenbrock(2);
    ExprObjective symbolic = rosenbrock();
    double[] expectedGradient = new double[2];
    double[] gradient = new double[2];

    double expected = byHand.valueAndGradient(x, expectedGradient);
    double value = symbolic.valueAndGradient(x, gradient);

    assertThat(value).isCloseTo(expected, within(1e-12 * (1 + Math.abs(expected))));
    for (int i = 0; i < 2; i++) {
      assertThat(gradient[i])
          .isCloseTo(expectedGradient[i], within(1e-10 * (1 + Math.abs(expectedGradient[i]))));
    }
    double[] expectedHessian = new double[4];
    double[] hessian = new double[4];
    byHand.hessian(x, expectedHessian);
    symbolic.hessian(x, hessian);
    for (int k = 0; k < 4; k++) {
      assertThat(hessian[k])
          .isCloseTo(expectedHessian[k], within(1e-10 * (1 + Math.abs(expectedHessian[k]))));
    }
    double[] v = {random.nextGaussian(), random.nextGaussian()};
    double[] product = new double[2];
    symbolic.hessianVectorProduct(x, v, product);
    for (int i = 0; i < 2; i++) {
      double expectedProduct = expectedHessian[2 * i] * v[0] + expectedHessian[2 * i + 1] * v[1];
      assertThat(product[i])
          .isCloseTo(expectedProduct, within(1e-10 * (1 + Math.abs(expectedProduct))));
    }
  }

  /** Linear regression with W [2×3] and b [2×1] laid end to end: L = Σ(W·X + b − Y)². */
  static final class Regression {
    final Variable w = Variable.of("W", 2, 3);
    final Variable b = Variable.of("b", 2, 1);
    final Variable xs = Variable.of("X", 3, 20);
    final Variable ys = Variable.of("Y", 2, 20);
    final double[][] features = new double[3][20];
    final double[][] targets = new double[2][20];
    final ExprObjective objective;

    Regression() {
      Random random = new Random(3);
      for (int j = 0; j < 20; j++) {
        for (int i = 0; i < 3; i++) {
          features[i][j] = random.nextGaussian();
        }
        targets[0][j] = 1 + features[0][j] - 2 * features[2][j] + 0.1 * random.nextGaussian();
        targets[1][j] = -1 + 0.5 * features[1][j] + 0.1 * random.nextGaussian();
      }
      Expr loss = sum(square(w.matmul(xs).plus(b).minus(ys)));
      objective =
          ExprObjective.of(
              loss,
              List.of(w, b),
              Bindings.of("X", Tensor.matrix(features), "Y", Tensor.matrix(targets)));
    }

    /** The same problem per output row k as least squares over (W_k1, W_k2, W_k3, b_k). */
    double[] closedForm() {
      double[] point = new double[8];
      for (int k = 0; k < 2; k++) {
        double[][] design = new double[20][];
        for (int j = 0; j < 20; j++) {
          design[j] = new double[] {features[0][j], features[1][j], features[2][j], 1};
        }
        double[] solution = LeastSquares.of(design, targets[k]).solveNormalEquations();
        System.arraycopy(solution, 0, point, 3 * k, 3);
        point[6 + k] = solution[3];
      }
      return point;
    }
  }

  @Test
  void variablesAreLaidEndToEndRowMajor() {
    Regression regression = new Regression();
    ExprObjective objective = regression.objective;

    assertThat(objective.dimension()).isEqualTo(8);
    assertThat(objective.offsetOf(regression.w)).isZero();
    assertThat(objective.offsetOf(regression.b)).isEqualTo(6);
    double[] point = {1, 2, 3, 4, 5, 6, 7, 8};
    Bindings values = objective.toBindings(point);
    assertThat(values.get("W").orElseThrow().toArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(values.get("b").orElseThrow().toArray()).containsExactly(7, 8);
    assertThat(objective.toPoint(values)).containsExactly(point);
  }

  @Test
  void symbolicHessianOfSeveralVariablesMatchesHessianVectorProducts() {
    Variable u = Variable.of("u", 2);
    Variable w = Variable.of("w", 3);
    // L = (Σu²)·(Σ sin w) + Σ(u ⊙ u ⊙ u): couples the blocks.
    Expr loss =
        sum(square(u)).times(sum(dev.adjoint.autodiff.Exprs.sin(w))).plus(sum(u.times(u).times(u)));
    ExprObjective objective = ExprObjective.of(loss, u, w);
    double[] x = {0.3, -0.7, 0.2, 1.1, -0.4};
    double[] symbolic = new double[25];
    double[] fromProducts = new double[25];

    objective.hessian(x, symbolic);
    for (int j = 0; j < 5; j++) {
      double[] unit = new double[5];
      unit[j] = 1;
      double[] column = new double[5];
      objective.hessianVectorProduct(x, unit, column);
      for (int i = 0; i < 5; i++) {
        fromProducts[i * 5 + j] = column[i];
      }
    }

    assertThat(symbolic).containsExactly(fromProducts, within(1e-12));
    // ∂²L/∂u₁∂w₁ = 2u₁ cos w₁, written out.
    assertThat(symbolic[0 * 5 + 2]).isCloseTo(2 * 0.3 * Math.cos(0.2), within(1e-14));
  }

  @Test
  void gradientMatchesCentralDifferencesAcrossSeveralVariables() {
    ExprObjective objective = new Regression().objective;
    Random random = new Random(5);
    double[] x = new double[8];
    for (int i = 0; i < 8; i++) {
      x[i] = random.nextGaussian();
    }
    double[] gradient = new double[8];
    objective.valueAndGradient(x, gradient);
    for (int i = 0; i < 8; i++) {
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += 1e-6;
      minus[i] -= 1e-6;
      double difference = (objective.value(plus) - objective.value(minus)) / 2e-6;
      assertThat(gradient[i]).isCloseTo(difference, within(1e-6 * (1 + Math.abs(difference))));
    }
  }

  @Test
  void closedFormNewtonAndLbfgsAgreeOnTheExprRegression() {
    Regression regression = new Regression();
    double[] exact = regression.closedForm();

    OptimizationResult newton =
        Newton.withDefaults()
            .minimize(regression.objective, new double[8], StoppingRule.maxIterations(1));
    OptimizationResult lbfgs =
        Lbfgs.withDefaults()
            .minimize(
                regression.objective,
                new double[8],
                StoppingRule.gradientNormBelow(1e-11).or(StoppingRule.maxIterations(500)));

    for (int i = 0; i < 8; i++) {
      assertThat(newton.point()[i]).isCloseTo(exact[i], within(1e-10));
      assertThat(lbfgs.point()[i]).as(lbfgs.toString()).isCloseTo(exact[i], within(1e-10));
    }
  }

  static Stream<Arguments> lineSearchMethods() {
    return Stream.of(
        Arguments.of(Lbfgs.withDefaults(), 100),
        Arguments.of(NonlinearConjugateGradient.withDefaults(), 500),
        Arguments.of(Newton.withDefaults(), 50),
        Arguments.of(NewtonCg.withDefaults(), 100),
        Arguments.of(GradientDescent.withDefaults(), 20_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineSearchMethods")
  void everyLineSearchMethodMinimisesTheExprRosenbrock(Minimizer method, int limit) {
    OptimizationResult result =
        method.minimize(
            rosenbrock(),
            new double[] {-1.2, 1},
            StoppingRule.gradientNormBelow(1e-6).or(StoppingRule.maxIterations(limit)));

    assertThat(result.point()[0]).as(result.toString()).isCloseTo(1, within(1e-3));
    assertThat(result.point()[1]).as(result.toString()).isCloseTo(1, within(2e-3));
  }

  static Stream<Arguments> steppers() {
    return Stream.of(
        Arguments.of(FirstOrderMethod.of(Sgd.plain(), 0.004), 1e-9),
        Arguments.of(FirstOrderMethod.of(Sgd.momentum(0.9), 0.002), 1e-9),
        Arguments.of(FirstOrderMethod.of(Sgd.nesterov(0.9), 0.002), 1e-9),
        Arguments.of(FirstOrderMethod.of(Adam.withDefaults(), 0.05), 1e-9),
        Arguments.of(FirstOrderMethod.of(Adam.adamW(0.9, 0.999, 1e-8, 1e-4), 0.05), 1e-2),
        Arguments.of(FirstOrderMethod.of(AdaGrad.withDefaults(), 0.5), 1e-9),
        Arguments.of(
            FirstOrderMethod.of(
                RmsProp.withDefaults(),
                LearningRateSchedule.cosine(0.01, 5000, 0),
                "cosine(0.01, 5000, 0)"),
            1e-6));
  }

  /** Every first-order stepper brings the Expr regression to its least-squares value. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("steppers")
  void everyStepperMinimisesTheExprRegression(Minimizer method, double relativeExcess) {
    Regression regression = new Regression();
    double best = regression.objective.value(regression.closedForm());

    OptimizationResult result =
        method.minimize(
            regression.objective,
            new double[8],
            StoppingRule.gradientNormBelow(1e-9).or(StoppingRule.maxIterations(5000)));

    assertThat(result.value())
        .as(result.toString())
        .isLessThanOrEqualTo(best * (1 + relativeExcess));
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    Variable x = Variable.of("x", 2);
    Variable y = Variable.of("y", 2);
    assertThatThrownBy(() -> ExprObjective.of(square(x), x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scalar");
    assertThatThrownBy(() -> ExprObjective.of(sum(x.times(y)), x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither optimised nor bound");
    assertThatThrownBy(() -> ExprObjective.of(sum(x), x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> ExprObjective.of(sum(x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no variables");
    ExprObjective objective = ExprObjective.of(sum(square(x)), x);
    assertThatThrownBy(() -> objective.valueAndGradient(new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimension 2");
    assertThatThrownBy(() -> objective.offsetOf(y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not among");
  }

  @Test
  void aVariableTheLossIgnoresHasZeroGradient() {
    Variable x = Variable.of("x", 2);
    Variable unused = Variable.of("unused", 3);
    ExprObjective objective = ExprObjective.of(sum(square(x)), List.of(x, unused), Bindings.of());
    double[] gradient = new double[5];

    double value = objective.valueAndGradient(new double[] {1, 2, 7, 8, 9}, gradient);

    assertThat(value).isEqualTo(5);
    assertThat(gradient).containsExactly(2, 4, 0, 0, 0);
    double[] product = new double[5];
    objective.hessianVectorProduct(new double[5], new double[] {1, 1, 1, 1, 1}, product);
    assertThat(product).containsExactly(2, 2, 0, 0, 0);
  }
}

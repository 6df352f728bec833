package dev.adjoint.autodiff.loss;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.ShapeMismatchException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.print.Printer;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The losses against PyTorch's definitions, their stability at ±1000, the printed form of their
 * gradients, and their first and second derivatives against finite differences.
 *
 * <p>The reference values are PyTorch's formulas ({@code torch.nn.functional.mse_loss}, {@code
 * huber_loss}, {@code smooth_l1_loss}, {@code cross_entropy} with class indices and with class
 * probabilities, {@code binary_cross_entropy_with_logits}, {@code kl_div}; the hinge loss as {@code
 * torch.clamp(margin - y * s, min=0)}) evaluated in 50-digit arithmetic with mpmath on the decimal
 * inputs below, then rounded to double (PyTorch itself is not installed here). The script is {@code
 * src/test/resources/dev/adjoint/autodiff/loss/reference_values.py}; {@code python3
 * reference_values.py} prints every literal. They are never computed by the code under test.
 */
class LossesTest {
  private static final Variable PREDICTIONS = Variable.of("ŷ", 4);
  private static final Variable TARGETS = Variable.of("y", 4);

  /** Residuals 1.3, −0.4, 3, 0.05: on both sides of every threshold used below. */
  private static final Bindings REGRESSION =
      Bindings.of(
          "ŷ", Tensor.vector(1.5, -0.3, 2.0, 0.7), "y", Tensor.vector(0.2, 0.1, -1.0, 0.65));

  /** Three examples, three classes (square, so a wrong class axis still type-checks). */
  private static final Variable LOGITS = Variable.of("z", 3, 3);

  private static final Variable LABELS = Variable.of("labels", 3);
  private static final Tensor LOGIT_VALUES =
      Tensor.matrix(new double[][] {{1, 2, 0.5}, {-1, 0, 3}, {0.2, 0.2, -2}});
  private static final Bindings CLASSIFICATION =
      Bindings.of("z", LOGIT_VALUES, "labels", Tensor.vector(1, 2, 0));

  private static double value(Expr loss, Bindings at) {
    return loss.eval(at).item();
  }

  private static void assertReference(Expr loss, Bindings at, double reference) {
    assertThat(value(loss, at)).isCloseTo(reference, within(1e-14 * Math.max(1, reference)));
  }

  @Nested
  class EqualToPyTorch {
    @Test
    void meanSquaredError() {
      assertReference(Losses.mse(PREDICTIONS, TARGETS), REGRESSION, 2.713125);
      assertReference(Losses.mse(PREDICTIONS, TARGETS, Reduction.SUM), REGRESSION, 10.8525);
    }

    @Test
    void huber() {
      assertReference(Losses.huber(PREDICTIONS, TARGETS, 1), REGRESSION, 0.8453125);
      assertReference(Losses.huber(PREDICTIONS, TARGETS, 1, Reduction.SUM), REGRESSION, 3.38125);
      assertReference(Losses.huber(PREDICTIONS, TARGETS, 1.5), REGRESSION, 1.0753125);
      assertReference(Losses.huber(PREDICTIONS, TARGETS, 1.5, Reduction.SUM), REGRESSION, 4.30125);
    }

    @Test
    void smoothL1() {
      assertReference(Losses.smoothL1(PREDICTIONS, TARGETS, 0.5), REGRESSION, 0.990625);
      assertReference(
          Losses.smoothL1(PREDICTIONS, TARGETS, 0.5, Reduction.SUM), REGRESSION, 3.9625);
      // beta = 0 is the L1 loss, as in PyTorch
      assertReference(Losses.smoothL1(PREDICTIONS, TARGETS, 0), REGRESSION, 1.1875);
    }

    @Test
    void crossEntropyWithClassIndices() {
      assertReference(Losses.crossEntropy(LOGITS, LABELS), CLASSIFICATION, 0.4257737355668348);
      assertReference(
          Losses.crossEntropy(LOGITS, LABELS, Reduction.SUM), CLASSIFICATION, 1.2773212067005044);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
      Tensor g =
          Gradients.of(Losses.crossEntropy(LOGITS, LABELS), LOGITS).of(LOGITS).eval(CLASSIFICATION);
      double[] reference = {
        0.07707463254071635, -0.12382276026274586, 0.04674812772202949,
        0.0057159418485067965, 0.01553754085932463, -0.021253482707831426,
        -0.17541556065388086, 0.15791777267945245, 0.017497787974428414
      };
      for (int i = 0; i < reference.length; i++) {
        assertThat(g.getFlat(i)).as("element %s", i).isCloseTo(reference[i], within(1e-15));
      }
    }

    @Test
    void crossEntropyWithClassesOnAxisOneOfARankThreeTensor() {
      Variable z = Variable.of("z", 2, 3, 2);
      Variable labels = Variable.of("labels", 2, 2);
      Bindings at =
          Bindings.of(
              "z",
              Tensor.of(
                  Shape.of(2, 3, 2),
                  new double[] {0.5, -1, 2, 0.1, -0.3, 1.2, 1, 1, 0, -2, 3, 0.4}),
              "labels",
              Tensor.of(Shape.of(2, 2), new double[] {2, 0, 1, 1}));
      assertReference(Losses.crossEntropy(z, labels), at, 2.9465901874468625);
      assertReference(Losses.crossEntropy(z, labels, Reduction.SUM), at, 11.78636074978745);
    }

    @Test
    void crossEntropyWithProbabilities() {
      Variable t = Variable.of("t", 3, 3);
      Bindings at =
          CLASSIFICATION.with(
              t, Tensor.matrix(new double[][] {{0.1, 0.7, 0.2}, {0, 0, 1}, {0.5, 0.25, 0.25}}));
      assertReference(Losses.softCrossEntropy(LOGITS, t), at, 0.7424404022335015);
      assertReference(Losses.softCrossEntropy(LOGITS, t, Reduction.SUM), at, 2.2273212067005046);
      // one-hot targets give the class-index loss
      assertReference(
          Losses.softCrossEntropy(LOGITS, oneHot(LABELS, 3)), CLASSIFICATION, 0.4257737355668348);
    }

    @Test
    void binaryCrossEntropyWithLogits() {
      Variable z = Variable.of("z", 4);
      Bindings at =
          Bindings.of("z", Tensor.vector(0.5, -2, 3, 0), "y", Tensor.vector(1, 0, 0.3, 1));
      assertReference(Losses.binaryCrossEntropyWithLogits(z, TARGETS), at, 0.8606848818391917);
      assertReference(
          Losses.binaryCrossEntropyWithLogits(z, TARGETS, Reduction.SUM), at, 3.4427395273567667);
    }

    @Test
    void hinge() {
      Variable s = Variable.of("s", 4);
      Bindings at =
          Bindings.of("s", Tensor.vector(0.5, -2, 3, 0.2), "y", Tensor.vector(1, -1, -1, 1));
      assertReference(Losses.hinge(s, TARGETS), at, 1.325);
      assertReference(Losses.hinge(s, TARGETS, 1, Reduction.SUM), at, 5.3);
      assertReference(Losses.hinge(s, TARGETS, 2, Reduction.MEAN), at, 2.075);
    }

    @Test
    void klDivergenceTakesLogProbabilitiesAndCountsZeroTargetsAsZero() {
      Variable input = Variable.of("x", 2, 3);
      Variable t = Variable.of("t", 2, 3);
      Bindings at =
          Bindings.of(
              "x",
              Tensor.matrix(new double[][] {{-1.2, -0.5, -2.0}, {-0.1, -3.0, -1.5}}),
              "t",
              Tensor.matrix(new double[][] {{0.2, 0.8, 0}, {0.5, 0.25, 0.25}}));
      assertReference(Losses.klDivergence(input, t), at, 0.04581280093698236);
      assertReference(Losses.klDivergence(input, t, Reduction.SUM), at, 0.27487680562189415);
    }
  }

  @Nested
  class StableAtPlusMinus1000 {
    @Test
    void crossEntropy() {
      Variable z = Variable.of("z", 2, 3);
      Variable labels = Variable.of("labels", 2);
      Bindings at =
          Bindings.of(
              "z",
              Tensor.matrix(new double[][] {{1000, -1000, 0}, {-1000, 1000, 999}}),
              "labels",
              Tensor.vector(0, 2));
      // 0 and 1 + log(1 + e⁻¹)
      assertReference(Losses.crossEntropy(z, labels), at, 0.6566308437591114);
      Tensor g = Gradients.of(Losses.crossEntropy(z, labels), z).of(z).eval(at);
      assertThat(g.isFinite()).as("%s", g).isTrue();
      Variable t = Variable.of("t", 2, 3);
      assertReference(
          Losses.softCrossEntropy(z, t),
          at.with(t, Tensor.matrix(new double[][] {{1, 0, 0}, {0, 0, 1}})),
          0.6566308437591114);
    }

    @Test
    void binaryCrossEntropy() {
      Variable z = Variable.of("z", 4);
      Bindings at =
          Bindings.of("z", Tensor.vector(1000, -1000, 1000, -1000), "y", Tensor.vector(1, 0, 0, 1));
      assertReference(Losses.binaryCrossEntropyWithLogits(z, TARGETS, Reduction.SUM), at, 2000);
      assertReference(Losses.binaryCrossEntropyWithLogits(z, TARGETS), at, 500);
      Tensor g = Gradients.of(Losses.binaryCrossEntropyWithLogits(z, TARGETS), z).of(z).eval(at);
      assertThat(g.toArray()).containsExactly(0, 0, 0.25, -0.25);
    }
  }

  /** The gradients print as the textbook formulas (N = 4 examples: the mean's 1/N is 0.25). */
  @Nested
  class GradientsPrintAsTheTextbookFormulas {
    private String gradient(Expr loss, Variable v) {
      return Printer.unicode().print(Gradients.of(loss, v).of(v));
    }

    private final Variable z = Variable.of("z", 4, 3);
    private final Variable y = Variable.of("y", 4);
    private final Variable logit = Variable.of("z", 4);

    @Test
    void softmaxCrossEntropy() {
      assertThat(gradient(Losses.crossEntropy(z, y), z))
          .isEqualTo("0.25·(softmax(z, 1) − one_hot(y, 3))");
      assertThat(gradient(Losses.crossEntropy(z, y, Reduction.SUM), z))
          .isEqualTo("softmax(z, 1) − one_hot(y, 3)");
      assertThat(gradient(Losses.softCrossEntropy(z, oneHot(y, 3)), z))
          .isEqualTo("0.25·(softmax(z, 1) − one_hot(y, 3))");
    }

    @Test
    void binaryCrossEntropyWithLogits() {
      assertThat(gradient(Losses.binaryCrossEntropyWithLogits(logit, y), logit))
          .isEqualTo("0.25·(σ(z) − y)");
      assertThat(gradient(Losses.binaryCrossEntropyWithLogits(logit, y, Reduction.SUM), logit))
          .isEqualTo("σ(z) − y");
    }

    @Test
    void huber() {
      assertThat(gradient(Losses.huber(PREDICTIONS, TARGETS, 1.5, Reduction.SUM), PREDICTIONS))
          .isEqualTo("where(le(|ŷ − y|, 1.5), ŷ − y, 1.5·sign(ŷ − y))");
      assertThat(gradient(Losses.huber(PREDICTIONS, TARGETS, 1.5), PREDICTIONS))
          .isEqualTo("0.25·where(le(|ŷ − y|, 1.5), ŷ − y, 1.5·sign(ŷ − y))");
    }

    @Test
    void smoothL1IsHuberOverBeta() {
      assertThat(gradient(Losses.smoothL1(PREDICTIONS, TARGETS, 0.5, Reduction.SUM), PREDICTIONS))
          .isEqualTo("where(le(|ŷ − y|, 0.5), 2·(ŷ − y), sign(ŷ − y))");
    }

    @Test
    void hingeAndKlDivergence() {
      Variable s = Variable.of("s", 4);
      assertThat(gradient(Losses.hinge(s, y, 1, Reduction.SUM), s))
          .isEqualTo("−(y ⊙ gt(1 − s ⊙ y, 0))");
      Variable logP = Variable.of("logP", 4);
      Variable t = Variable.of("t", 4);
      assertThat(gradient(Losses.klDivergence(logP, t, Reduction.SUM), logP)).isEqualTo("−t");
    }

    @Test
    void meanSquaredError() {
      assertThat(gradient(Losses.mse(PREDICTIONS, TARGETS, Reduction.SUM), PREDICTIONS))
          .isEqualTo("2·(ŷ − y)");
      // 2(ŷ − y)/N with N = 4
      assertThat(gradient(Losses.mse(PREDICTIONS, TARGETS), PREDICTIONS)).isEqualTo("0.5·(ŷ − y)");
    }
  }

  /** A loss of predictions {@code p} and targets {@code t}, and where their values come from. */
  record Case(
      String name, BiFunction<Variable, Variable, Expr> loss, Shape shape, Targets targets) {
    @Override
    public String toString() {
      return name;
    }
  }

  enum Targets {
    REAL,
    PROBABILITIES,
    SIGNS,
    LABELS
  }

  static Stream<Case> cases() {
    Shape v = Shape.of(5);
    Shape m = Shape.of(3, 3);
    return Stream.of(
        new Case("mse", (p, t) -> Losses.mse(p, t), v, Targets.REAL),
        new Case("huber δ=0.7", (p, t) -> Losses.huber(p, t, 0.7), v, Targets.REAL),
        new Case(
            "smoothL1 β=0.7", (p, t) -> Losses.smoothL1(p, t, 0.7, Reduction.SUM), v, Targets.REAL),
        new Case("crossEntropy", (p, t) -> Losses.crossEntropy(p, t), m, Targets.LABELS),
        new Case(
            "softCrossEntropy", (p, t) -> Losses.softCrossEntropy(p, t), m, Targets.PROBABILITIES),
        new Case(
            "binaryCrossEntropyWithLogits",
            (p, t) -> Losses.binaryCrossEntropyWithLogits(p, t),
            m,
            Targets.PROBABILITIES),
        new Case("hinge", (p, t) -> Losses.hinge(p, t), v, Targets.SIGNS),
        new Case(
            "klDivergence of log_softmax",
            (p, t) -> Losses.klDivergence(logSoftmax(p), t),
            m,
            Targets.PROBABILITIES));
  }

  private static Tensor targets(Case c, Shape predictions, Random random) {
    Shape shape = c.targets() == Targets.LABELS ? Shape.of(predictions.dim(0)) : predictions;
    double[] t = new double[shape.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] =
          switch (c.targets()) {
            case REAL -> random.nextGaussian();
            case PROBABILITIES -> random.nextDouble();
            case SIGNS -> random.nextBoolean() ? 1 : -1;
            case LABELS -> random.nextInt(predictions.dim(1));
          };
    }
    if (c.targets() == Targets.PROBABILITIES) {
      t[0] = 0; // a zero target, which KL counts as 0
    }
    return Tensor.of(shape, t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstAndSecondDerivativesMatchFiniteDifferences(Case c) {
    Random random = new Random(c.name().hashCode());
    Variable p = Variable.of("p", c.shape().dims());
    Shape targetShape = c.targets() == Targets.LABELS ? Shape.of(c.shape().dim(0)) : c.shape();
    Variable t = Variable.of("t", targetShape.dims());
    Expr loss = c.loss().apply(p, t);
    Expr gradient = Gradients.of(loss, p).of(p);
    Expr secondOrder = sum(mul(constant(Tensor.randomNormal(c.shape(), random)), gradient));
    for (int point = 0; point < 3; point++) {
      Bindings at =
          Bindings.of()
              .with(p, Tensor.randomUniform(c.shape(), -2, 2, random))
              .with(t, targets(c, c.shape(), random));
      for (Expr checked : List.of(loss, secondOrder)) {
        GradientCheckReport report = GradientCheck.of(checked).withRespectTo(p).at(at);
        assertThat(report.passed()).as("%s", report).isTrue();
      }
    }
  }

  @Nested
  class BadInput {
    @Test
    void predictionsAndTargetsOfDifferentShapesAreNamed() {
      Variable column = Variable.of("c", 4, 1);
      assertThatThrownBy(() -> Losses.mse(column, TARGETS))
          .isInstanceOf(ShapeMismatchException.class)
          .hasMessage(
              "mse: predictions [4×1] and targets [4] differ; give both one shape in mse(c, y)");
    }

    @Test
    void probabilityShapedLabelsPointToSoftCrossEntropy() {
      Variable t = Variable.of("t", 3, 3);
      assertThatThrownBy(() -> Losses.crossEntropy(LOGITS, t))
          .isInstanceOf(ShapeMismatchException.class)
          .hasMessage(
              "crossEntropy: labels [3×3] do not fit logits [3×3]: class indices have shape [3];"
                  + " for one-hot or probability targets use Losses.softCrossEntropy in"
                  + " crossEntropy(z, t)");
    }

    @Test
    void aLabelOutOfRangeStopsTheEvaluationOfTheLoss() {
      Bindings at = CLASSIFICATION.with(LABELS, Tensor.vector(1, 3, 0));
      assertThatThrownBy(() -> Losses.crossEntropy(LOGITS, LABELS).eval(at))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("one_hot: labels[1] is 3, not a class index (an integer from 0 to 2)");
    }

    @Test
    void thresholdsMustBePositive() {
      assertThatThrownBy(() -> Losses.huber(PREDICTIONS, TARGETS, 0))
          .hasMessage("huber: delta must be positive and finite, not 0.0");
      assertThatThrownBy(() -> Losses.smoothL1(PREDICTIONS, TARGETS, -1))
          .hasMessage("smoothL1: beta must be at least 0 and finite, not -1.0");
    }

    @Test
    void scalarLogitsHaveNoClassAxis() {
      assertThatThrownBy(() -> Losses.crossEntropy(Variable.of("s"), Variable.of("l")))
          .isInstanceOf(ShapeMismatchException.class)
          .hasMessage("crossEntropy: logits must have a class axis, but s is a scalar");
    }
  }
}

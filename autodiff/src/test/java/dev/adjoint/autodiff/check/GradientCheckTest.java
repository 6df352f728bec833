package dev.adjoint.autodiff.check;

import static dev.adjoint.autodiff.Exprs.abs;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.cos;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.gt;
import static dev.adjoint.autodiff.Exprs.max;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
  private static final Variable W = Variable.of("W", 2, 3);
  private static final Variable X = Variable.of("X", 3, 4);
  private static final Variable Y = Variable.of("y", 2, 4);

  private static Expr neuronLoss() {
    return sum(square(sigmoid(W.matmul(X)).minus(Y)));
  }

  private static Bindings neuronPoint(long seed) {
    Random r = new Random(seed);
    return Bindings.of(
        "W", Tensor.randomNormal(W.shape(), r),
        "X", Tensor.randomNormal(X.shape(), r),
        "y", Tensor.randomUniform(Y.shape(), 0, 1, r));
  }

  /** sin with a wrong derivative rule (sin instead of cos): the bug a check must catch. */
  static final class WrongSin extends ElementwiseFunction {
    WrongSin() {
      super("wrong_sin");
    }

    @Override
    protected Expr derivative(Expr g, Expr out, Expr x) {
      return mul(g, sin(x));
    }

    @Override
    public double apply(double x) {
      return Math.sin(x);
    }
  }

  /** |x| written as a new op with a kink the checker does not know how to locate. */
  static final class OpaqueAbs extends ElementwiseFunction {
    OpaqueAbs() {
      super("opaque_abs");
    }

    @Override
    protected Expr derivative(Expr g, Expr out, Expr x) {
      return mul(g, dev.adjoint.autodiff.Exprs.sign(x));
    }

    @Override
    public boolean hasKink() {
      return true;
    }

    @Override
    public double apply(double x) {
      return Math.abs(x);
    }
  }

  @Test
  void correctGradientPassesForEveryVariable() {
    GradientCheckReport report = GradientCheck.of(neuronLoss()).at(neuronPoint(1));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variables()).extracting(r -> r.variable().name()).contains("W", "X", "y");
    assertThat(report.toString())
        .contains("PASS", "W [2×3]: PASS", "autodiff vs finite differences");
    Agreement w = report.variable(W).autodiffVsFiniteDifferences();
    assertThat(w.maxRelativeError()).isLessThan(1e-6);
    assertThat(w.comparedElements()).isEqualTo(6);
    assertThat(w.step()).isGreaterThan(0).isLessThan(1e-4);
  }

  @Test
  void wrongDerivativeRuleFailsNamingTheWorstElement() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(Expr.apply(new WrongSin(), x));
    Tensor at = Tensor.vector(0.3, 1.2, -0.7);

    GradientCheckReport report = GradientCheck.of(loss).at(Bindings.of("x", at));

    assertThat(report.passed()).isFalse();
    Agreement a = report.variable(x).autodiffVsFiniteDifferences();
    // The worst element is where |sin − cos| is largest relative to the tolerance: x = 1.2 or -0.7.
    int worst = a.worstIndex().orElseThrow()[0];
    assertThat(a.leftValue()).isEqualTo(Math.sin(at.getFlat(worst)), within(1e-15));
    assertThat(a.rightValue()).isEqualTo(Math.cos(at.getFlat(worst)), within(1e-8));
    assertThat(report.toString())
        .contains("FAIL", "x [3]: FAIL", "MISMATCH", "worst at [" + worst + "]", "step ")
        .contains("tolerance");
  }

  @Test
  void reluExactlyAtZeroIsReportedAsAKinkNotAFailure() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(relu(x).times(3.0));

    GradientCheckReport report =
        GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(0.5, 0.0, -2)));

    assertThat(report.passed()).as("%s", report).isTrue();
    VariableReport r = report.variable(x);
    assertThat(r.kinks()).hasSize(1);
    assertThat(r.kinks().get(0).index()).containsExactly(1);
    assertThat(r.kinks().get(0).op()).isEqualTo("relu");
    assertThat(r.autodiffVsFiniteDifferences().subgradientElements()).isEqualTo(1);
    assertThat(r.kinks().get(0).left()).isEqualTo(0);
    assertThat(r.kinks().get(0).right()).isEqualTo(3, within(1e-9));
    assertThat(report.toString())
        .contains("kinks (1)", "[1]: slopes 0 (left) and 3 (right), at relu(x)");
  }

  @Test
  void handDerivationWithAnotherConventionAtTheKinkIsNotAFailure() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(relu(x));
    Expr hand = dev.adjoint.autodiff.Exprs.ge(x, constant(0)); // relu′(0) = 1, autodiff says 0

    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(x, hand)
            .at(Bindings.of("x", Tensor.vector(0.5, 0, -1)));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(x).handVsAutodiff().orElseThrow().subgradientElements())
        .isEqualTo(1);
  }

  @Test
  void absJustInsideTheStepIsAKink() {
    Variable x = Variable.of("x", 2);
    Expr loss = sum(abs(x));

    GradientCheckReport report =
        GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(1e-7, 2)));

    assertThat(report.passed()).isTrue();
    assertThat(report.variable(x).kinks()).extracting(k -> k.index()[0]).containsExactly(0);
  }

  @Test
  void nearTieOfMaxIsAKink() {
    Variable x = Variable.of("x", 3);
    Expr loss = max(x);

    GradientCheckReport report =
        GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(1.0, 1.0 + 1e-8, -3)));

    assertThat(report.passed()).isTrue();
    assertThat(report.variable(x).kinks()).hasSize(2);
    assertThat(report.toString()).contains("at max(x)");
  }

  @Test
  void nearTieOfMinAlongAnAxisIsAKinkOnlyInItsRow() {
    Variable x = Variable.of("x", 2, 2);
    Expr loss = sum(dev.adjoint.autodiff.Exprs.min(x, 1).times(constant(Tensor.vector(1, 2))));

    GradientCheckReport report =
        GradientCheck.of(loss)
            .at(Bindings.of("x", Tensor.matrix(new double[][] {{0.5, 0.5 + 1e-9}, {1, 3}})));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(x).kinks()).extracting(k -> k.index()[0]).containsOnly(0).hasSize(2);
    assertThat(report.toString()).contains("at min(x, 1)");
  }

  @Test
  void aJumpInValueWithinTheStepIsInconclusiveNotAPass() {
    Variable x = Variable.of("x", 2);
    Expr loss = sum(where(gt(x, constant(1)), square(x), x.times(5.0)));

    GradientCheckReport report =
        GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(1 + 1e-9, 3)));

    // x² and 5x differ at x = 1: the loss jumps 1e-9 from the point, closer than any usable step
    assertThat(report.outcome()).as("%s", report).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(report.passed()).isFalse();
    List<Kink> kinks = report.variable(x).kinks();
    assertThat(kinks).hasSize(1);
    assertThat(kinks.get(0).jump()).isTrue();
    assertThat(kinks.get(0).expression()).isEqualTo("gt(x, 1)");
    assertThat(report.toString())
        .contains("[0]: the loss jumps, at gt(x, 1)", "1 element not judged");
  }

  @Test
  void kinkOfAnUnknownOpIsFoundFromOneSidedSlopes() {
    Variable x = Variable.of("x", 2);
    Expr loss = sum(Expr.apply(new OpaqueAbs(), x));

    GradientCheckReport report = GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(0, 2)));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(x).kinks())
        .singleElement()
        .satisfies(
            k -> {
              assertThat(k.op()).isEqualTo("opaque_abs");
              assertThat(k.left()).isEqualTo(-1, within(1e-6));
              assertThat(k.right()).isEqualTo(1, within(1e-6));
            });
  }

  @Test
  void awayFromKinksPiecewiseOpsAreJudged() {
    Variable x = Variable.of("x", 4);
    Expr loss = sum(relu(x).times(x)).plus(max(x)).plus(sum(abs(x)));

    GradientCheckReport report =
        GradientCheck.of(loss).at(Bindings.of("x", Tensor.vector(0.5, -1, 2, 3)));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.kinkCount()).isZero();
  }

  @Test
  void richardsonIsMoreAccurateOnAStiffFunction() {
    Variable x = Variable.of("x");
    Expr loss = exp(x.times(8.0));
    Bindings at = Bindings.of("x", Tensor.scalar(1.1));

    double central =
        GradientCheck.of(loss).at(at).variable(x).autodiffVsFiniteDifferences().maxRelativeError();
    GradientCheckReport extrapolated = GradientCheck.of(loss).withRichardson().at(at);
    double richardson = extrapolated.variable(x).autodiffVsFiniteDifferences().maxRelativeError();

    assertThat(richardson).isLessThan(central);
    assertThat(extrapolated.toString()).contains("Richardson");
  }

  @Test
  void handDerivedExpressionBuiltLikeAutodiffIsIdentical() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(sin(x));
    // backprop's rule for sin: g·cos(x) with g = 1 broadcast, simplified by the builder to cos(x)
    Expr autodiff = loss.gradient(x).of(x);

    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(x, autodiff)
            .at(Bindings.of("x", Tensor.vector(0.1, 0.2, 0.3)));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(x).symbolic().orElseThrow().identical()).isTrue();
    assertThat(report.toString()).contains("identical");
  }

  @Test
  void handDerivationIdenticalAfterSimplification() {
    Variable xm = Variable.of("X", 4, 3);
    Variable w = Variable.of("w", 3);
    Variable y = Variable.of("y", 4);
    Expr loss = sum(square(xm.matmul(w).minus(y)));
    Expr hand = xm.transpose().matmul(xm.matmul(w).minus(y)).times(2.0); // 2Xᵀ(Xw − y)
    Random r = new Random(9);
    Bindings at =
        Bindings.of(
            "X", Tensor.randomNormal(xm.shape(), r),
            "w", Tensor.randomNormal(w.shape(), r),
            "y", Tensor.randomNormal(y.shape(), r));

    GradientCheckReport report = GradientCheck.of(loss).withHandDerived(w, hand).at(at);

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(w).symbolic().orElseThrow().identical()).as("%s", report).isTrue();
    // without a canonical form the raw backprop graph is a different formula with equal values
    GradientCheckReport plain =
        GradientCheck.of(loss)
            .withRawGradients()
            .withCanonicalForm(e -> e)
            .withHandDerived(w, hand)
            .at(at);
    assertThat(plain.passed()).as("%s", plain).isTrue();
    assertThat(plain.variable(w).symbolic().orElseThrow().identical()).isFalse();
    assertThat(plain.toString()).contains("raw backprop gradients");
  }

  @Test
  void handDerivedFormulaThatDiffersInFormButNotValueAgreesAtRandomPoints() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(square(sin(x)));
    Expr hand = sin(x.times(2.0)); // 2 sin x cos x = sin 2x

    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(x, hand)
            .at(Bindings.of("x", Tensor.vector(0.1, -0.5, 2)));

    assertThat(report.passed()).as("%s", report).isTrue();
    SymbolicComparison s = report.variable(x).symbolic().orElseThrow();
    assertThat(s.identical()).isFalse();
    assertThat(s.agrees()).isTrue();
    assertThat(s.comparablePoints()).isEqualTo(5);
    assertThat(report.toString()).contains("as formulas: equal at 5 of 5 random points");
  }

  @Test
  void wrongHandDerivationIsReportedAgainstAutodiffAndFiniteDifferences() {
    Variable x = Variable.of("x", 2);
    Expr loss = sum(square(sin(x)));
    Expr hand = sin(x).times(cos(x)); // forgot the factor 2

    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(x, hand)
            .at(Bindings.of("x", Tensor.vector(0.4, 1.0)));

    VariableReport r = report.variable(x);
    assertThat(report.passed()).isFalse();
    assertThat(report.autodiffMatchesFiniteDifferences()).isTrue();
    assertThat(r.handVsAutodiff().orElseThrow().passed()).isFalse();
    assertThat(r.symbolic().orElseThrow().mismatches()).isNotEmpty();
    assertThat(report.toString())
        .contains("hand vs autodiff: MISMATCH", "hand = 0.5 × autodiff at every element")
        .contains("as formulas: DIFFERENT at 5 of 5 random points");
  }

  @Test
  void handDerivedJavaCodeIsComparedInValue() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(exp(x));
    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(
                x,
                b -> {
                  double[] v = b.get("x").orElseThrow().toArray();
                  for (int i = 0; i < v.length; i++) {
                    v[i] = Math.exp(v[i]);
                  }
                  return Tensor.vector(v);
                })
            .at(Bindings.of("x", Tensor.vector(0, 1, -1)));

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.variable(x).symbolic()).isEmpty();
    assertThat(report.variable(x).handVsAutodiff().orElseThrow().maxAbsoluteError()).isZero();
  }

  @Test
  void variableTheLossDoesNotUseHasZeroGradientBothWays() {
    Variable x = Variable.of("x", 2);
    Variable unused = Variable.of("unused", 2);
    GradientCheckReport report =
        GradientCheck.of(sum(square(x)))
            .withRespectTo(x, unused)
            .at(Bindings.of("x", Tensor.vector(1, 2), "unused", Tensor.vector(3, 4)));

    assertThat(report.passed()).isTrue();
    assertThat(report.variable(unused).autodiff().isAllZero()).isTrue();
    assertThat(report.variable(unused).finiteDifferences().isAllZero()).isTrue();
  }

  @Test
  void largeLossesGetARoundingAllowance() {
    Variable x = Variable.of("x", 50);
    Expr loss = sum(exp(x)).times(1e6);
    Tensor at = Tensor.randomUniform(x.shape(), 2, 3, new Random(3));

    assertThat(GradientCheck.of(loss).at(Bindings.of("x", at)).passed()).isTrue();
  }

  @Test
  void hugeSharedGraphsAreSummarisedNotPrintedAsTrees() {
    Variable x = Variable.of("x");
    Expr e = x;
    for (int i = 0; i < 60; i++) {
      e = sin(e).times(cos(e)); // written out as a tree: 2⁶⁰ leaves
    }
    Expr loss = relu(e);

    GradientCheckReport report = GradientCheck.of(loss).at(Bindings.of("x", Tensor.scalar(0.3)));

    String text = report.toString();
    assertThat(text).startsWith("gradient check of relu(").contains("…");
    assertThat(text.lines().findFirst().orElseThrow()).hasSizeLessThan(200);
  }

  @Test
  void largeVariablesCanBeCheckedOnARandomSample() {
    Variable x = Variable.of("x", 40, 25);
    Expr loss = sum(Expr.apply(new WrongSin(), x));
    Tensor at = Tensor.randomUniform(x.shape(), 0.5, 1.5, new Random(4));

    GradientCheckReport report =
        GradientCheck.of(loss).withSampledElements(30, 7).at(Bindings.of("x", at));

    Agreement a = report.variable(x).autodiffVsFiniteDifferences();
    assertThat(a.comparedElements()).isEqualTo(30);
    assertThat(a.unsampledElements()).isEqualTo(970);
    assertThat(report.passed()).isFalse(); // the wrong rule is wrong everywhere
    assertThat(report.toString()).contains("(30 of 1000 sampled)");
    long finite =
        java.util.Arrays.stream(report.variable(x).finiteDifferences().toArray())
            .filter(Double::isFinite)
            .count();
    assertThat(finite).isEqualTo(30);
    // the same seed samples the same elements
    assertThat(
            GradientCheck.of(loss)
                .withSampledElements(30, 7)
                .at(Bindings.of("x", at))
                .variable(x)
                .autodiffVsFiniteDifferences()
                .worstIndex()
                .orElseThrow())
        .containsExactly(a.worstIndex().orElseThrow());
    assertThat(
            GradientCheck.of(sum(square(x)))
                .withSampledElements(5, 1)
                .at(Bindings.of("x", at))
                .passed())
        .isTrue();
  }

  @Test
  void errorsNameWhatWasWrong() {
    Variable x = Variable.of("x", 2);
    assertThatThrownBy(() -> GradientCheck.of(x.times(2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scalar loss")
        .hasMessageContaining("[2]");
    assertThatThrownBy(() -> GradientCheck.of(sum(x)).at(Bindings.of()))
        .isInstanceOf(BindingException.class)
        .hasMessageContaining("x");
    assertThatThrownBy(
            () ->
                GradientCheck.of(sum(x))
                    .withRespectTo(x, Variable.of("unused", 2))
                    .at(Bindings.of("x", Tensor.vector(1, 2), "unused", Tensor.zeros(3))))
        .isInstanceOf(BindingException.class)
        .hasMessage("variable unused has shape [2] but is bound to a value of shape [3]");
    assertThatThrownBy(() -> GradientCheck.of(sum(x)).withHandDerived(x, sum(x)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shape []");
    assertThatThrownBy(
            () ->
                GradientCheck.of(sum(x))
                    .withHandDerived(x, b -> Tensor.scalar(1))
                    .at(Bindings.of("x", Tensor.vector(1, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hand-derived gradient for x has shape []");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}

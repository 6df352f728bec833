package dev.adjoint.autodiff.check;

import static dev.adjoint.autodiff.check.assertj.AdjointAssertions.assertThatGradientOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.parse.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The findings of issue 9, one row each: a loss, a point, a hand-derived gradient for {@code x} (or
 * none), and the outcome and report text the checker must give, through the Java API and the
 * AssertJ assertions; and where checked evaluation says a non-finite value arose.
 */
class CheckFindingsTest {

  /** One finding: what is checked and what the report must say. */
  record Finding(
      String name,
      String loss,
      String point,
      String wrt,
      String hand,
      Outcome outcome,
      List<String> says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String HUBER = "sum(where(le(abs(x - y), 1), 0.5 * (x - y)^2, abs(x - y) - 0.5))";

  static Stream<Finding> findings() {
    return Stream.of(
        new Finding(
            "Huber at |r| = δ, a constant hand gradient",
            HUBER,
            "x=[2, 0.5, -1]; y=[1, 0, 0]",
            "x",
            "x * 0 + 42",
            Outcome.FAIL,
            List.of("hand vs autodiff: MISMATCH, 3 of 3 elements judged")),
        new Finding(
            "Huber at |r| = δ, the right hand gradient",
            HUBER,
            "x=[2, 0.5, -1]; y=[1, 0, 0]",
            "x",
            "where(le(abs(x - y), 1), x - y, sign(x - y))",
            Outcome.PASS,
            List.of("autodiff vs finite differences: ok, 3 of 3 elements judged")),
        new Finding(
            "smooth L1 at |r| = 1",
            "sum(where(lt(abs(x), 1), 0.5 * x^2, abs(x) - 0.5))",
            "x=[1, -1, 0.25]",
            "x",
            null,
            Outcome.PASS,
            List.of("3 of 3 elements judged")),
        new Finding(
            "squared hinge at the margin",
            "sum(relu(1 - y * x)^2)",
            "x=[1, -0.5, 2]; y=[1, 1, -1]",
            "x",
            null,
            Outcome.PASS,
            List.of("3 of 3 elements judged")),
        new Finding(
            "relu at 0: a genuine kink, hand picks a subgradient",
            "sum(relu(x))",
            "x=[0.5, 0, -1]",
            "x",
            "where(gt(x, 0), 1, 0) + where(eq(x, 0), 0.5, 0)",
            Outcome.PASS,
            List.of(
                "[1]: slopes 0 (left) and 1 (right), at relu(x)",
                "lies between the one-sided derivatives (a subgradient), accepted")),
        new Finding(
            "relu at 0: a hand value outside the subgradients",
            "sum(relu(x))",
            "x=[0.5, 0, -1]",
            "x",
            "where(gt(x, 0), 1, 0) + where(eq(x, 0), 2, 0)",
            Outcome.FAIL,
            List.of("hand 2, autodiff 0; a kink, subgradients between 0 and 1")),
        new Finding(
            "one-hot softmax cross-entropy",
            "-sum(t * log(softmax(x)))",
            "x=[0.5, -1, 2]; t=[0, 1, 0]",
            "x",
            "softmax(x) - t",
            Outcome.PASS,
            List.of("they agree for your t, not for every t")),
        new Finding(
            "a missing factor 2",
            "sum((sigmoid(x) - y)^2)",
            "x=[0.1, -0.4, 0.3]; y=[1, 0, 1]",
            "x",
            "(sigmoid(x) - y) * sigmoid(x) * (1 - sigmoid(x))",
            Outcome.FAIL,
            List.of("hand = 0.5 × autodiff at every element", "hand:     ", "autodiff: ")),
        new Finding(
            "a sign flip",
            "sum(x^3)",
            "x=[1, 2]",
            "x",
            "-3 * x^2",
            Outcome.FAIL,
            List.of("hand = −autodiff at every element: the sign is flipped")),
        new Finding(
            "a constant offset",
            "sum(x^3)",
            "x=[1, 2]",
            "x",
            "3 * x^2 + 0.25",
            Outcome.FAIL,
            List.of("hand = autodiff + 0.25 at every element")),
        new Finding(
            "a transposed hand gradient",
            "sum((x @ a)^2)",
            "x=[[1, 2], [3, -1]]; a=[[0.5, -1], [2, 1]]",
            "x",
            "2 * a @ (x @ a)'",
            Outcome.FAIL,
            List.of("hand is the transpose of autodiff")),
        new Finding(
            "sqrt of a negative in a discarded branch: NaN only in the gradient",
            "sum(where(gt(x, 0), sqrt(x), 0))",
            "x=[4, -1]",
            "x",
            null,
            Outcome.FAIL,
            List.of("worst at [1]: autodiff NaN, finite differences 0")),
        new Finding(
            "log of 0",
            "sum(log(x))",
            "x=[1, 0]",
            "x",
            null,
            Outcome.INCONCLUSIVE,
            List.of(
                "the loss is -Infinity at your point: log produced -Infinity at [1] in log(x)",
                "2 elements not judged: the loss is not finite")),
        new Finding(
            "exp overflow",
            "sum(exp(x))",
            "x=[1, 800]",
            "x",
            null,
            Outcome.INCONCLUSIVE,
            List.of("exp produced Infinity at [1]", "could not be judged numerically")),
        new Finding(
            "0/0 in the loss",
            "sum(x / x)",
            "x=[1, 0]",
            "x",
            null,
            Outcome.INCONCLUSIVE,
            List.of("produced NaN at [1]")),
        new Finding(
            "0/0 in the gradient of a norm at 0",
            "norm(x)",
            "x=[0, 0]",
            "x",
            null,
            Outcome.FAIL,
            List.of("autodiff NaN, finite differences: a kink, subgradients between -1 and 1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("findings")
  void theCheckerJudgesAndExplains(Finding f) {
    GradientCheckReport report = check(f, false);
    assertThat(report.outcome()).as(report.toString()).isEqualTo(f.outcome());
    assertThat(report.passed()).isEqualTo(f.outcome() == Outcome.PASS);
    for (String s : f.says()) {
      assertThat(report.toString()).contains(s);
    }
    for (String line : report.toString().split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(120);
    }
    // The AssertJ assertions pass exactly when the outcome is PASS, and fail with the report.
    Bindings point = point(f.point());
    Expr loss = Parser.parse(f.loss(), point);
    Variable x = Variable.of(f.wrt(), point.get(f.wrt()).orElseThrow().shape());
    ThrowingCallable assertion =
        f.hand() == null
            ? () -> assertThatGradientOf(loss).withRespectTo(x).at(point).matchesFiniteDifferences()
            : () ->
                assertThatGradientOf(loss)
                    .withRespectTo(x)
                    .at(point)
                    .agreesWithHandDerivedAndFiniteDifferences(Parser.parse(f.hand(), point));
    if (f.outcome() == Outcome.PASS) {
      assertThatCode(assertion).doesNotThrowAnyException();
    } else {
      AbstractThrowableAssert<?, ?> thrown =
          assertThatThrownBy(assertion)
              .isInstanceOf(AssertionError.class)
              .hasMessageContaining(": " + f.outcome());
      f.says().forEach(thrown::hasMessageContaining);
    }
  }

  @Test
  void swappedHandGradientsAreRecognised() {
    Bindings point = point("a=[1, 2]; b=[3, -1]");
    Expr loss = Parser.parse("sum(a * b^2)", point);
    Variable a = Variable.of("a", 2);
    Variable b = Variable.of("b", 2);
    GradientCheckReport report =
        GradientCheck.of(loss)
            .withHandDerived(a, Parser.parse("2 * a * b", point))
            .withHandDerived(b, Parser.parse("b^2", point))
            .at(point);
    assertThat(report.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(report.variable(a).diagnosis())
        .contains("hand for a equals autodiff for b: are the variables swapped?");
    assertThat(report.variable(b).diagnosis())
        .contains("hand for b equals autodiff for a: are the variables swapped?");
  }

  static GradientCheckReport check(Finding f, boolean checkFinite) {
    Bindings point = point(f.point());
    Expr loss = Parser.parse(f.loss(), point);
    Variable x = Variable.of(f.wrt(), point.get(f.wrt()).orElseThrow().shape());
    GradientCheck check = GradientCheck.of(loss).withRespectTo(x);
    if (f.hand() != null) {
      check = check.withHandDerived(x, Parser.parse(f.hand(), point));
    }
    if (checkFinite) {
      check = check.checkingFinite();
    }
    return check.at(point);
  }

  /** {@code "x=[1, 2]; y=3"} as bindings. */
  static Bindings point(String text) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    for (String assignment : text.split(";")) {
      String[] parts = assignment.split("=", 2);
      values.put(parts[0].strip(), parseTensor(parts[1].strip()));
    }
    return Bindings.copyOf(values);
  }

  private static Tensor parseTensor(String s) {
    if (!s.startsWith("[")) {
      return Tensor.scalar(Double.parseDouble(s));
    }
    if (s.startsWith("[[")) {
      List<double[]> rows = new ArrayList<>();
      for (String row : s.substring(2, s.length() - 2).split("\\]\\s*,\\s*\\[")) {
        rows.add(numbers(row));
      }
      return Tensor.matrix(rows.toArray(new double[0][]));
    }
    return Tensor.vector(numbers(s.substring(1, s.length() - 1)));
  }

  private static double[] numbers(String s) {
    String[] parts = s.split(",");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i].strip());
    }
    return out;
  }

  static Stream<Arguments> nonFinite() {
    return Stream.of(
        Arguments.of("sum(log(x))", "x=[1, 0]", "log produced -Infinity at [1]", "in the loss"),
        Arguments.of("sum(exp(x))", "x=[1, 800]", "exp produced Infinity at [1]", "in the loss"),
        Arguments.of("sum(x / x)", "x=[1, 0]", "produced NaN at [1]", "in the loss"),
        Arguments.of(
            "sum(where(gt(x, 0), sqrt(x), 0))",
            "x=[4, -1]",
            "sqrt produced NaN at [1]",
            "in the loss"),
        Arguments.of(
            "norm(x)",
            "x=[0, 0]",
            "/ produced Infinity at []",
            "in the gradient with respect to x"));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("nonFinite")
  void checkingFiniteSaysWhereTheFirstNonFiniteValueArose(
      String loss, String point, String what, String where) {
    Finding f = new Finding(loss, loss, point, "x", null, Outcome.PASS, List.of());
    assertThatThrownBy(() -> check(f, true))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining(what)
        .hasMessageContaining("inputs: ")
        .hasMessageContaining("produced here (all inputs finite), " + where);
  }
}

package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.log1p;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stabilize phase at the points where the written forms overflow, underflow or cancel (±1000,
 * ±30, 0), against reference values computed by hand in higher precision (60 digits, rounded to
 * double): {@code log σ(x) = −log(1 + e^{−x})}, {@code softplus(x) = x + log(1 + e^{−x})}, {@code 1
 * − σ(x) = σ(−x)}, {@code log Σ eᵛ = max v + log Σ e^{v − max v}}. None of them is computed by the
 * code under test.
 */
class StabilizeTest {
  private static final double[] XS = {-1000, -30, 0, 30, 1000};

  /**
   * A formula as a user writes it, and its exact values at {@link #XS} (for a scalar {@code x}) or
   * at one vector.
   */
  record Row(String name, Function<Expr, Expr> formula, double[] at, Shape shape, double[] exact) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Row scalar(String name, Function<Expr, Expr> formula, double... exact) {
    return new Row(name, formula, XS, Shape.scalar(), exact);
  }

  static Row vector(String name, Function<Expr, Expr> formula, double[] v, double... exact) {
    return new Row(name, formula, v, Shape.of(v.length), exact);
  }

  static Stream<Row> rows() {
    return Stream.of(
        scalar(
            "log(sigmoid(x))",
            x -> log(sigmoid(x)),
            -1000.0,
            -30.000000000000092,
            -0.6931471805599453,
            -9.357622968839737e-14,
            0.0),
        scalar(
            "log(1 + exp(x))",
            x -> log(add(constant(1), exp(x))),
            0.0,
            9.357622968839737e-14,
            0.6931471805599453,
            30.000000000000092,
            1000.0),
        scalar(
            "log(exp(x) + 1)",
            x -> log(add(exp(x), constant(1))),
            0.0,
            9.357622968839737e-14,
            0.6931471805599453,
            30.000000000000092,
            1000.0),
        scalar(
            "log1p(exp(x))",
            x -> log1p(exp(x)),
            0.0,
            9.357622968839737e-14,
            0.6931471805599453,
            30.000000000000092,
            1000.0),
        scalar(
            "log(1 - sigmoid(x))",
            x -> log(sub(constant(1), sigmoid(x))),
            0.0,
            -9.357622968839737e-14,
            -0.6931471805599453,
            -30.000000000000092,
            -1000.0),
        scalar(
            "1 - sigmoid(x)",
            x -> sub(constant(1), sigmoid(x)),
            1.0,
            0.9999999999999064,
            0.5,
            9.357622968839299e-14,
            0.0),
        vector(
            "log(softmax(v, 0)) at [1000, 0, -1000]",
            v -> log(softmax(v, 0)),
            new double[] {1000, 0, -1000},
            0.0,
            -1000.0,
            -2000.0),
        vector(
            "log(softmax(v, 0)) at [30, 0, -30]",
            v -> log(softmax(v, 0)),
            new double[] {30, 0, -30},
            -9.357622968840613e-14,
            -30.000000000000092,
            -60.00000000000009),
        vector(
            "log(sum(exp(v))) at [1000, 0, -1000]",
            v -> log(sum(exp(v))),
            new double[] {1000, 0, -1000},
            1000.0),
        vector(
            "log(sum(exp(v))) at [-1000, -1000, -1000]",
            v -> log(sum(exp(v))),
            new double[] {-1000, -1000, -1000},
            -998.9013877113318));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void stabilizedFormsGiveTheExactValues(Row row) {
    if (row.shape().isScalar()) {
      Variable x = Variable.of("x");
      Expr stable = Simplifier.stabilizer().apply(row.formula().apply(x));
      for (int i = 0; i < row.at().length; i++) {
        double value =
            Program.compileAsWritten(stable)
                .run(Bindings.of().with(x, Tensor.scalar(row.at()[i])))
                .get(0)
                .item();
        assertClose(
            value,
            row.exact()[i],
            1e-14 * Math.abs(row.exact()[i]) + 1e-300,
            "%s = %s at x = %s",
            row.name(),
            stable,
            row.at()[i]);
      }
    } else {
      Variable v = Variable.of("v", row.at().length);
      Expr stable = Simplifier.stabilizer().apply(row.formula().apply(v));
      Tensor value =
          Program.compileAsWritten(stable)
              .run(Bindings.of().with(v, Tensor.of(row.shape(), row.at())))
              .get(0);
      for (int i = 0; i < row.exact().length; i++) {
        // log_softmax is accurate to rounding relative to the inputs' scale (v − logsumexp(v)
        // cancels where an element dominates), not relative to a result near 0.
        assertClose(
            value.getFlat(i),
            row.exact()[i],
            1e-14 * Math.max(1, Math.abs(row.exact()[i])),
            "%s = %s, element %s",
            row.name(),
            stable,
            i);
      }
    }
  }

  private static void assertClose(
      double actual, double exact, double tolerance, String what, Object... args) {
    assertThat(Double.isFinite(actual)).as(what, args).isTrue();
    assertThat(Math.abs(actual - exact))
        .as(what + ": %s, exactly %s", concat(args, actual, exact))
        .isLessThanOrEqualTo(tolerance);
  }

  private static Object[] concat(Object[] args, double actual, double exact) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = actual;
    all[args.length + 1] = exact;
    return all;
  }

  @Test
  void asWrittenTheyOverflowWhichIsWhyTheRulesExist() {
    Variable x = Variable.of("x");
    Bindings at = Bindings.of().with(x, Tensor.scalar(-1000));
    assertThat(Program.compileAsWritten(log(sigmoid(x))).run(at).get(0).item())
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(
            Program.compileAsWritten(Simplifier.stabilizer().apply(log(sigmoid(x))))
                .run(at)
                .get(0)
                .item())
        .isEqualTo(-1000.0);
    // and compiled evaluation applies them, so the user gets the value as well
    assertThat(log(sigmoid(x)).eval(at).item()).isEqualTo(-1000.0);
  }

  @Test
  void theStabilizerLeavesEverythingElseAsWritten() {
    Variable x = Variable.of("x", 3);
    Expr e = add(exp(x), sub(x, x)).times(constant(1.5));
    assertThat(Simplifier.stabilizer().apply(e)).isSameAs(e);
  }

  @Test
  void oneMinusSigmoidStaysWhereTheSigmoidIsComputedAnyway() {
    Variable x = Variable.of("x", 3);
    Expr s = sigmoid(x);
    Expr derivative = s.times(sub(constant(1), s));
    assertThat(Simplifier.stabilizer().apply(derivative)).isSameAs(derivative);
  }
}

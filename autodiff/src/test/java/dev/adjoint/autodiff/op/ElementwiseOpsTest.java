package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.print.Printer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The elementwise functions against reference values (from tables and closed forms, not from the
 * code under test), including the ends of their domains where a naive formula loses digits, the
 * ties of {@code maximum} and {@code minimum}, and their gradients as printed.
 */
class ElementwiseOpsTest {
  private static final Variable X = Variable.of("x");
  private static final Variable Y = Variable.of("y");

  private static double at(UnaryOperator<Expr> f, double x) {
    return f.apply(X).eval(Bindings.of("x", Tensor.scalar(x))).item();
  }

  /**
   * Elementary functions within a few units in the last place; the special functions of Commons
   * Numbers within their documented accuracy (trigamma's is about 1e-13).
   */
  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource({
    "tan, 1, 1.5574077246549023, 4e-16",
    "asin, 0.5, 0.5235987755982989, 4e-16",
    "acos, 0.5, 1.0471975511965979, 4e-16",
    "atan, 1, 0.7853981633974483, 4e-16",
    "sinh, 1, 1.1752011936438014, 4e-16",
    "cosh, 1, 1.5430806348152437, 4e-16",
    "asinh, 1, 0.881373587019543, 4e-16",
    "asinh, -1e-10, -1e-10, 4e-16",
    "asinh, -1e10, -23.718998110500402, 4e-16",
    "acosh, 2, 1.3169578969248166, 4e-16",
    // 1 + 2⁻³³: acosh(1 + t) = √(2t)(1 − t/12 + 3t²/160 − ...), and √(2t) = 2⁻¹⁶
    "acosh, 1.000000000116415321826934814453125, 1.525878906235197e-05, 4e-16",
    "acosh, 1e300, 691.4686750787736, 4e-16",
    "atanh, 0.5, 0.5493061443340549, 4e-16",
    "atanh, 1e-12, 1e-12, 4e-16",
    "expm1, 1e-10, 1.00000000005e-10, 4e-16",
    "log2, 8, 3, 0",
    "log2, 10, 3.321928094887362, 4e-16",
    "log10, 1000, 3, 0",
    "cbrt, -27, -3, 0",
    "erf, 0.5, 0.5204998778130465, 4e-16",
    "erfc, 3, 2.209049699858544e-05, 1e-15",
    "erfc, 10, 2.088487583762545e-45, 1e-15",
    "lgamma, 0.5, 0.5723649429247001, 1e-15",
    "lgamma, 10, 12.801827480081469, 1e-15",
    "digamma, 1, -0.5772156649015329, 1e-14",
    "trigamma, 1, 1.6449340668482264, 1e-13",
  })
  void matchesReferenceValues(String name, double x, double expected, double relative) {
    double actual = at(e -> dev.adjoint.autodiff.parse.Parser.parse(name + "(x)", X), x);
    assertThat(actual).isCloseTo(expected, within(relative * Math.abs(expected)));
  }

  @ParameterizedTest(name = "polygamma({0}, {1}) = {2}")
  @CsvSource({
    "1, 2, -2.4041138063191885", // −2ζ(3)
    "1, 3, 6.493939402266829", // 6ζ(4) = π⁴/15
    "0.5, 2, -16.82879664423432", // −14ζ(3)
    // the series alone (x above the recurrence's threshold): ψ⁽²⁾(25) = −2ζ(3) + 2 Σₖ₌₁²⁴ 1/k³,
    // whose cancellation leaves about 13 digits
    "25, 2, -0.001665279318422197",
  })
  void polygammaMatchesClosedForms(double x, int n, double expected) {
    assertThat(at(e -> polygamma(e, n), x)).isCloseTo(expected, within(1e-12 * Math.abs(expected)));
  }

  @Test
  void binaryFunctions() {
    Bindings at = Bindings.of("x", Tensor.scalar(-1), "y", Tensor.scalar(1));
    assertThat(atan2(Y, X).eval(at).item()).isEqualTo(3 * Math.PI / 4);
    assertThat(hypot(constant(3e200), constant(4e200)).eval().item())
        .isCloseTo(5e200, within(Math.ulp(5e200)));
    assertThat(maximum(X, Y).eval(at).item()).isEqualTo(1);
    assertThat(minimum(X, Y).eval(at).item()).isEqualTo(-1);
  }

  @Test
  void tiesSplitTheGradientEqually() {
    Bindings tie = Bindings.of("x", Tensor.scalar(2), "y", Tensor.scalar(2));
    for (Expr e : new Expr[] {maximum(X, Y), minimum(X, Y)}) {
      var g = e.gradient(X, Y);
      assertThat(g.of(X).eval(tie).item()).as("%s", e).isEqualTo(0.5);
      assertThat(g.of(Y).eval(tie).item()).as("%s", e).isEqualTo(0.5);
    }
  }

  @Test
  void clipIsNumpysMinOfMaxAndItsGradientFollowsTheResult() {
    Variable lo = Variable.of("lo");
    Variable hi = Variable.of("hi");
    Expr c = clip(X, lo, hi);
    double[][] cases = {
      // x, lo, hi, value, ∂/∂x, ∂/∂lo, ∂/∂hi
      {2, 0, 3, 2, 1, 0, 0},
      {-1, 0, 3, 0, 0, 1, 0},
      {5, 0, 3, 3, 0, 0, 1},
      {2, 3, 1, 1, 0, 0, 1}, // lo > hi: the result is hi
      {0, 0, 3, 0, 1, 0, 0}, // at a bound the gradient goes to x
    };
    for (double[] k : cases) {
      Bindings at =
          Bindings.of(
              "x", Tensor.scalar(k[0]), "lo", Tensor.scalar(k[1]), "hi", Tensor.scalar(k[2]));
      var g = c.gradient(X, lo, hi);
      assertThat(c.eval(at).item()).as("clip(%s, %s, %s)", k[0], k[1], k[2]).isEqualTo(k[3]);
      assertThat(
              new double[] {
                g.of(X).eval(at).item(), g.of(lo).eval(at).item(), g.of(hi).eval(at).item()
              })
          .as("gradient of clip(%s, %s, %s)", k[0], k[1], k[2])
          .containsExactly(k[4], k[5], k[6]);
    }
  }

  @Test
  void gradientsPrintLikeTheMath() {
    Printer unicode = Printer.unicode();
    assertThat(unicode.print(atan(X).gradient(X).of(X))).isEqualTo("1/(x² + 1)");
    assertThat(unicode.print(asin(X).gradient(X).of(X))).isEqualTo("1/√(1 − x²)");
    assertThat(unicode.print(tan(X).gradient(X).of(X))).isEqualTo("tan(x)² + 1");
    assertThat(unicode.print(lgamma(X).gradient(X).of(X))).isEqualTo("ψ(x)");
    assertThat(unicode.print(hypot(X, Y).gradient(X).of(X))).isEqualTo("x/hypot(x, y)");
    assertThat(unicode.print(atan2(Y, X).gradient(Y).of(Y))).isEqualTo("x/(x² + y²)");
    assertThat(unicode.print(erf(X).gradient(X).of(X))).isEqualTo("1.1283791670955126·exp(−x²)");
    assertThat(unicode.print(maximum(X, Y).gradient(X).of(X))).isEqualTo("0.5·eq(x, y) + gt(x, y)");
    assertThat(Printer.latex().print(cbrt(X))).isEqualTo("\\sqrt[3]{x}");
  }
}

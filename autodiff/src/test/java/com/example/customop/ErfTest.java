package com.example.customop;

import static com.example.customop.Erf.erf;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function Adjoint lacks, added from outside the library as one class ({@link Erf}), works
 * everywhere: evaluation, compiled programs, gradients, second derivatives, printing and
 * simplification.
 */
class ErfTest {
  static final Variable X = Variable.of("x", 4);
  static final Variable W = Variable.of("W", 2, 4);

  /** Reference values from tables of the error function (Abramowitz and Stegun, 7.1). */
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0.5, 0.5204998778130465",
    "1, 0.8427007929497149",
    "-1.5, -0.9661051464753108",
    "2, 0.9953222650189527",
    "3, 0.9999779095030014",
    "7, 1"
  })
  void kernelMatchesTables(double x, double expected) {
    Tensor value = erf(constant(x)).eval();
    assertThat(value.item()).isCloseTo(expected, within(1e-15));
  }

  @Test
  void compiledProgramEvaluatesLossAndGradientTogether() {
    Expr loss = sum(erf(X));
    Expr gradient = loss.gradient(X).of(X);
    Tensor x = Tensor.vector(-1.5, 0, 0.5, 2);
    List<Tensor> values = Program.compile(loss, gradient).run(Bindings.of("x", x));
    double expectedLoss = -0.9661051464753108 + 0 + 0.5204998778130465 + 0.9953222650189527;
    assertThat(values.get(0).item()).isCloseTo(expectedLoss, within(1e-14));
    for (int i = 0; i < 4; i++) {
      double xi = x.get(i);
      assertThat(values.get(1).get(i))
          .isCloseTo(2 / Math.sqrt(Math.PI) * Math.exp(-xi * xi), within(1e-15));
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    Random random = new Random(1);
    Tensor w = Tensor.randomNormal(W.shape(), random);
    Tensor x = Tensor.randomNormal(X.shape(), random);
    Expr loss = sum(square(erf(W.matmul(X))));
    Bindings at = Bindings.of("W", w, "x", x);
    Tensor gradient = loss.gradient(W).of(W).eval(at);
    double h = 1e-6;
    for (int i = 0; i < w.size(); i++) {
      double[] plus = w.toArray();
      double[] minus = w.toArray();
      plus[i] += h;
      minus[i] -= h;
      double numeric =
          (loss.eval(at.with(W, Tensor.wrap(W.shape(), plus))).item()
                  - loss.eval(at.with(W, Tensor.wrap(W.shape(), minus))).item())
              / (2 * h);
      assertThat(gradient.getFlat(i)).isCloseTo(numeric, within(1e-8));
    }
  }

  @Test
  void secondDerivativeIsMinusTwoXTimesTheFirst() {
    Tensor x = Tensor.vector(-1.2, -0.3, 0.4, 1.7);
    Tensor hessian = Gradients.hessian(sum(erf(X)), X).eval(Bindings.of("x", x));
    assertThat(hessian.shape()).isEqualTo(Shape.of(4, 4));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double xi = x.get(i);
        double expected = i == j ? -2 * xi * 2 / Math.sqrt(Math.PI) * Math.exp(-xi * xi) : 0;
        assertThat(hessian.get(i, j)).as("H[%s,%s]", i, j).isCloseTo(expected, within(1e-14));
      }
    }
  }

  @Test
  void printsWithItsNotation() {
    Expr e = sum(erf(W.matmul(X)));
    assertThat(e.toString()).isEqualTo("sum(erf(W @ x))");
    assertThat(new Erf().notation().unicode()).isEqualTo("erf");
    assertThat(new Erf().notation().latex()).isEqualTo("\\operatorname{erf}");
    assertThat(new Erf().name()).isEqualTo("erf");
  }

  @Test
  void isSharedLikeBuiltInOps() {
    assertThat(erf(X)).isSameAs(erf(X));
    assertThat(erf(X)).isNotSameAs(erf(W.matmul(X)));
  }

  @Test
  void simplifierLeavesItIntactAndSimplifiesAroundIt() {
    Expr e = erf(X);
    assertThat(Simplifier.simplify(e)).isSameAs(e);
    Expr around = erf(X).times(constant(2)).plus(erf(X));
    assertThat(Simplifier.simplify(around).toString()).isEqualTo("3 * erf(x)");
    assertThat(sum(erf(X)).gradient(X).of(X).toString())
        .isEqualTo("1.1283791670955126 * exp(-square(x))");
  }

  @Test
  void usageShownInTheReadme() {
    // --- usage snippet starts ---
    Variable x = Variable.of("x", 4);
    Expr loss = sum(erf(x));
    Expr gradient = loss.gradient(x).of(x); // 1.1283791670955126 * exp(-square(x))
    Expr hessian = Gradients.hessian(loss, x); // differentiates the gradient again
    List<Tensor> values =
        Program.compile(loss, gradient).run(Bindings.of("x", Tensor.vector(-1.5, 0, 0.5, 2)));
    // --- usage snippet ends ---
    assertThat(gradient.toString()).isEqualTo("1.1283791670955126 * exp(-square(x))");
    assertThat(hessian.shape()).isEqualTo(Shape.of(4, 4));
    assertThat(values.get(1).get(1)).isCloseTo(2 / Math.sqrt(Math.PI), within(1e-15));
  }

  @Test
  void readmeShowsThisOpAndItsUsageVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/com/example/customop/Erf.java"));
    String readme = Files.readString(Path.of("../docs/custom-ops.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("```java\n" + source + "```");
    String test = Files.readString(Path.of("src/test/java/com/example/customop/ErfTest.java"));
    String usage =
        test.substring(
            test.indexOf("\n", test.indexOf("// --- usage snippet starts ---")) + 1,
            test.indexOf("    // --- usage snippet ends ---"));
    assertThat(readme).contains(usage.replace("\n    ", "\n").strip());
  }
}

package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.concat;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.dot;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Gradients of the flagship losses against plain-loop derivations, and second derivatives. */
class GradientsTest {
  private static final Random RANDOM = new Random(20261128);

  private static void assertClose(Tensor actual, double[] expected, double tolerance) {
    assertThat(actual.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1, Math.abs(expected[i]));
      assertThat(Math.abs(actual.getFlat(i) - expected[i]))
          .as("element %s: %s vs expected %s", i, actual.getFlat(i), expected[i])
          .isLessThanOrEqualTo(tolerance * scale);
    }
  }

  // ---- linear regression: L = ‖Xw − y‖² ----

  @Test
  void linearRegressionGradientAndHessianMatchTheNormalEquations() {
    int n = 6;
    int d = 3;
    Tensor xv = Tensor.randomNormal(Shape.of(n, d), RANDOM);
    Tensor wv = Tensor.randomNormal(Shape.of(d), RANDOM);
    Tensor yv = Tensor.randomNormal(Shape.of(n), RANDOM);
    Variable x = Variable.of("X", n, d);
    Variable w = Variable.of("w", d);
    Variable y = Variable.of("y", n);
    Expr loss = sum(square(x.matmul(w).minus(y)));
    Bindings at = Bindings.of("X", xv, "w", wv, "y", yv);

    // 2Xᵀ(Xw − y) and 2XᵀX with plain loops
    double[] residual = new double[n];
    for (int i = 0; i < n; i++) {
      residual[i] = -yv.get(i);
      for (int j = 0; j < d; j++) {
        residual[i] += xv.get(i, j) * wv.get(j);
      }
    }
    double[] gradient = new double[d];
    double[] hessian = new double[d * d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < n; i++) {
        gradient[j] += 2 * xv.get(i, j) * residual[i];
      }
      for (int k = 0; k < d; k++) {
        for (int i = 0; i < n; i++) {
          hessian[j * d + k] += 2 * xv.get(i, j) * xv.get(i, k);
        }
      }
    }

    assertClose(loss.gradient(w).of(w).eval(at), gradient, 1e-12);
    Tensor h = Gradients.hessian(loss, w).eval(at);
    assertThat(h.shape()).isEqualTo(Shape.of(d, d));
    assertClose(h, hessian, 1e-12);
    // hvp(v) = H v
    Tensor v = Tensor.randomNormal(Shape.of(d), RANDOM);
    double[] hv = new double[d];
    for (int j = 0; j < d; j++) {
      for (int k = 0; k < d; k++) {
        hv[j] += hessian[j * d + k] * v.getFlat(k);
      }
    }
    assertClose(Gradients.hvp(loss, w, constant(v)).eval(at), hv, 1e-12);
  }

  // ---- second order: Hessians against finite differences of the gradient ----

  static Stream<Arguments> secondOrderLosses() {
    Variable x = Variable.of("x", 4);
    Variable m = Variable.of("M", 2, 2);
    Expr a = constant(Tensor.randomNormal(Shape.of(3, 4), new Random(5)));
    return Stream.of(
        Arguments.of("Σ exp(x)·sin(x)", sum(exp(x).times(sin(x))), x),
        Arguments.of("logsumexp(x)", logsumexp(x), x),
        Arguments.of("Σ tanh(Ax)²", sum(square(tanh(a.matmul(x)))), x),
        Arguments.of("Σ log σ(x)", sum(log(sigmoid(x))), x),
        Arguments.of("‖x‖", Exprs.norm(x), x),
        Arguments.of("Σ softmax(M)·M", sum(softmax(m, 1).times(m)), m),
        Arguments.of("Σ (M·M)³", sum(m.matmul(m).pow(3)), m));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secondOrderLosses")
  void hessianMatchesFiniteDifferencesOfTheGradient(String name, Expr loss, Variable x) {
    Random random = new Random(name.hashCode());
    Tensor x0 = Tensor.randomUniform(x.shape(), -1.5, 1.5, random);
    Bindings at = Bindings.of(x.name(), x0);
    Expr gradient = loss.gradient(x).of(x);
    Tensor hessian = Gradients.hessian(loss, x).eval(at);
    int n = x.shape().size();
    assertThat(hessian.size()).isEqualTo(n * n);

    Program.Workspace ws = Program.compile(gradient).newWorkspace();
    double[] values = x0.toArray();
    double[] plus = new double[n];
    double[] minus = new double[n];
    for (int j = 0; j < n; j++) {
      double h = 1e-5 * Math.max(1, Math.abs(values[j]));
      double saved = values[j];
      values[j] = saved + h;
      ws.set(x, values, 0).execute().copyOutput(0, plus, 0);
      values[j] = saved - h;
      ws.set(x, values, 0).execute().copyOutput(0, minus, 0);
      values[j] = saved;
      for (int i = 0; i < n; i++) {
        double fd = (plus[i] - minus[i]) / (2 * h);
        assertThat(hessian.getFlat(i * n + j))
            .as("H[%s, %s] of %s", i, j, name)
            .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(fd))));
      }
    }
    // symmetric, as a Hessian must be
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        assertThat(hessian.getFlat(i * n + j))
            .isCloseTo(hessian.getFlat(j * n + i), org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  @Test
  void thirdDerivativeOfAScalarFunction() {
    Variable x = Variable.of("x");
    Expr f = sin(x).times(x);
    Expr d3 = f.gradient(x).of(x).gradient(x).of(x).gradient(x).of(x);
    double v = 0.7;
    // (x sin x)''' = −3 sin x − x cos x
    assertThat(d3.eval(Bindings.of("x", Tensor.scalar(v))).item())
        .isCloseTo(-3 * Math.sin(v) - v * Math.cos(v), org.assertj.core.data.Offset.offset(1e-14));
  }

  // ---- bias broadcast, slicing, concat, softmax cross-entropy ----

  @Test
  void biasBroadcastOverABatchSumsTheGradientOverTheBatch() {
    Tensor xv = Tensor.randomNormal(Shape.of(4, 3), RANDOM);
    Tensor wv = Tensor.randomNormal(Shape.of(3, 2), RANDOM);
    Tensor bv = Tensor.randomNormal(Shape.of(2), RANDOM);
    Variable x = Variable.of("X", 4, 3);
    Variable w = Variable.of("W", 3, 2);
    Variable b = Variable.of("b", 2);
    Expr loss = sum(square(x.matmul(w).plus(b)));
    // ∂L/∂b_j = Σ_i 2 z_ij, z = XW + b
    double[] expected = new double[2];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 2; j++) {
        double z = bv.get(j);
        for (int k = 0; k < 3; k++) {
          z += xv.get(i, k) * wv.get(k, j);
        }
        expected[j] += 2 * z;
      }
    }
    Tensor gb = loss.gradient(b).of(b).eval(Bindings.of("X", xv, "W", wv, "b", bv));
    assertThat(gb.shape()).isEqualTo(Shape.of(2));
    assertClose(gb, expected, 1e-12);
  }

  @Test
  void slicingScattersTheGradientBack() {
    Variable x = Variable.of("x", 3, 4);
    Tensor xv = Tensor.randomNormal(x.shape(), RANDOM);
    Expr loss =
        sum(square(slice(x, Index.range(1, 3), Index.range(null, null, -2))))
            .plus(sum(Exprs.at(x, 0, -1)));
    double[] expected = new double[12];
    for (int r = 1; r < 3; r++) {
      for (int c : new int[] {3, 1}) {
        expected[r * 4 + c] = 2 * xv.get(r, c);
      }
    }
    expected[3] += 1;
    assertClose(loss.gradient(x).of(x).eval(Bindings.of("x", xv)), expected, 1e-15);
  }

  @Test
  void concatGivesEachOperandItsBlock() {
    Variable a = Variable.of("a", 2, 1);
    Variable b = Variable.of("b", 2, 2);
    Tensor weights = Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
    Expr loss = sum(mul(constant(weights), concat(1, a, b)));
    Gradients g = loss.gradient(a, b);
    Bindings at = Bindings.of("a", Tensor.zeros(2, 1), "b", Tensor.zeros(2, 2));
    assertThat(g.of(a).eval(at).toArray()).containsExactly(1, 4);
    assertThat(g.of(b).eval(at).toArray()).containsExactly(2, 3, 5, 6);
  }

  @Test
  void softmaxCrossEntropyGradientIsSoftmaxMinusOneHot() {
    int n = 3;
    int k = 4;
    Tensor zv = Tensor.randomNormal(Shape.of(n, k), RANDOM);
    double[] oneHot = new double[n * k];
    int[] labels = {2, 0, 3};
    for (int i = 0; i < n; i++) {
      oneHot[i * k + labels[i]] = 1;
    }
    Variable z = Variable.of("z", n, k);
    Expr y = constant(Tensor.of(Shape.of(n, k), oneHot));
    double[] expected = new double[n * k];
    for (int i = 0; i < n; i++) {
      double total = 0;
      for (int j = 0; j < k; j++) {
        total += Math.exp(zv.get(i, j));
      }
      for (int j = 0; j < k; j++) {
        expected[i * k + j] = Math.exp(zv.get(i, j)) / total - oneHot[i * k + j];
      }
    }
    Bindings at = Bindings.of("z", zv);
    List<Function<Expr, Expr>> forms =
        List.of(
            logits -> sum(mul(y, logSoftmax(logits, 1))).negate(),
            logits -> sum(mul(y, log(softmax(logits, -1)))).negate(),
            logits -> sum(logsumexp(logits, 1)).minus(sum(mul(y, logits))));
    for (Function<Expr, Expr> form : forms) {
      Expr loss = form.apply(z);
      assertClose(loss.gradient(z).of(z).eval(at), expected, 1e-12);
    }
  }

  @Test
  void jacobianOfALinearMapIsTheMatrix() {
    Tensor av = Tensor.randomNormal(Shape.of(2, 3), RANDOM);
    Variable v = Variable.of("v", 3);
    Expr j = Gradients.jacobian(constant(av).matmul(v), v);
    assertThat(j.eval(Bindings.of("v", Tensor.zeros(3)))).isEqualTo(av);
  }

  @Test
  void jacobianOfAnEmptyOutputIsEmpty() {
    Variable v = Variable.of("v", 3);
    Expr empty = Exprs.slice(v, Index.range(0, 0));
    Expr j = Gradients.jacobian(empty, v);
    assertThat(j.shape()).isEqualTo(Shape.of(0, 3));
    assertThat(Exprs.concat(0, v)).isSameAs(v);
  }

  @Test
  void gradientsAreExpressionsAndUnrelatedVariablesGetZeros() {
    Variable x = Variable.of("x", 2);
    Variable unused = Variable.of("unused", 3);
    Gradients g = sum(square(x)).gradient(x, unused);
    assertThat(Exprs.isZero(g.of(unused))).isTrue();
    assertThat(g.of(unused).shape()).isEqualTo(Shape.of(3));
    assertThat(g.list()).hasSize(2);
    assertThat(g.asMap().keySet()).containsExactly(x, unused);
    assertThat(g.toString()).contains("∂/∂x = ", "∂/∂unused = ");
    // hash-consing: differentiating twice gives the same node
    assertThat(sum(square(x)).gradient(x).of(x)).isSameAs(g.of(x));
    assertThatThrownBy(() -> g.of(Variable.of("other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no gradient was requested for other");
  }

  @Test
  void nonScalarLossIsRejectedWithAClearMessage() {
    Variable x = Variable.of("x", 2, 3);
    assertThatThrownBy(() -> x.times(2.0).gradient(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gradient needs a scalar loss")
        .hasMessageContaining("[2×3]")
        .hasMessageContaining("2 * x");
    assertThatThrownBy(() -> Gradients.vjp(x, constant(Tensor.zeros(3, 2)), x))
        .isInstanceOf(ShapeMismatchException.class)
        .hasMessageContaining("cotangent [3×2] does not fit output [2×3]");
    assertThatThrownBy(() -> sum(x).gradient())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one variable");
  }

  @Test
  void dotOfGradientWithItselfIsDifferentiable() {
    Variable x = Variable.of("x", 3);
    Expr g = sum(exp(x)).gradient(x).of(x);
    Expr penalty = dot(g, g); // Σ e^{2x}
    Tensor xv = Tensor.vector(0.1, -0.2, 0.3);
    Tensor d = penalty.gradient(x).of(x).eval(Bindings.of("x", xv));
    for (int i = 0; i < 3; i++) {
      assertThat(d.getFlat(i))
          .isCloseTo(2 * Math.exp(2 * xv.getFlat(i)), org.assertj.core.data.Offset.offset(1e-14));
    }
  }
}

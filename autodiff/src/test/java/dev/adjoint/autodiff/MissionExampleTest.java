package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mission's neuron, {@code L = Σ (σ(W·X) − y)²}: autodiff against the hand derivation {@code
 * 2(σ(WX) − y) ⊙ σ(WX) ⊙ (1 − σ(WX)) · Xᵀ}, coded here with plain loops.
 */
class MissionExampleTest {

  @ParameterizedTest(name = "W {0}×{1}, X {1}×{2}")
  @CsvSource({"1, 3, 1", "4, 8, 16"})
  void neuronGradientMatchesHandDerivation(int m, int k, int n) {
    Random random = new Random(42 + m * k * n);
    Tensor w = Tensor.randomNormal(Shape.of(m, k), random);
    Tensor x = Tensor.randomNormal(Shape.of(k, n), random);
    Tensor y = Tensor.randomUniform(Shape.of(m, n), 0, 1, random);
    Variable vw = Variable.of("W", m, k);
    Variable vx = Variable.of("X", k, n);
    Variable vy = Variable.of("y", m, n);
    Expr loss = sum(square(sigmoid(vw.matmul(vx)).minus(vy)));

    Tensor autodiff = loss.gradient(vw).of(vw).eval(Bindings.of("W", w, "X", x, "y", y));

    double[][] expected = handGradient(w, x, y, m, k, n);
    assertThat(autodiff.shape()).isEqualTo(Shape.of(m, k));
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < k; j++) {
        double e = expected[i][j];
        assertThat(autodiff.get(i, j))
            .as("dL/dW[%s,%s]", i, j)
            .isCloseTo(e, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(e))));
      }
    }
  }

  /** dL/dW = (2(s − y) ⊙ s ⊙ (1 − s)) · Xᵀ with s = σ(W·X), in plain loops. */
  private static double[][] handGradient(Tensor w, Tensor x, Tensor y, int m, int k, int n) {
    double[][] delta = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double z = 0;
        for (int p = 0; p < k; p++) {
          z += w.get(i, p) * x.get(p, j);
        }
        double s = 1 / (1 + Math.exp(-z));
        delta[i][j] = 2 * (s - y.get(i, j)) * s * (1 - s);
      }
    }
    double[][] grad = new double[m][k];
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double acc = 0;
        for (int j = 0; j < n; j++) {
          acc += delta[i][j] * x.get(p, j);
        }
        grad[i][p] = acc;
      }
    }
    return grad;
  }
}

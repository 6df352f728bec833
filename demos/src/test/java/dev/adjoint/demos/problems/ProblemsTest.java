package dev.adjoint.demos.problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo problems' expressions against the same math in plain Java loops. */
class ProblemsTest {

  @Test
  void linearRegressionLossAndGradient() {
    LinearRegression lr = LinearRegression.generate(30, 2, 0.1, 5);
    double[] w = {0.3, -0.2, 0.5};
    Tensor wt = Tensor.vector(w).reshape(3, 1);
    Bindings at = Bindings.of("w", wt);
    int n = lr.size();
    double loss = 0;
    double[] grad = new double[3];
    for (int i = 0; i < n; i++) {
      double r = -lr.targets().get(i, 0);
      for (int j = 0; j < 3; j++) {
        r += lr.design().get(i, j) * w[j];
      }
      loss += r * r;
      for (int j = 0; j < 3; j++) {
        grad[j] += 2 * r * lr.design().get(i, j);
      }
    }
    assertThat(lr.loss().eval(at).item()).isCloseTo(loss, within(1e-10));
    Tensor g = lr.loss().gradient(lr.weights()).of(lr.weights()).eval(at);
    for (int j = 0; j < 3; j++) {
      assertThat(g.get(j, 0)).isCloseTo(grad[j], within(1e-10));
    }
    assertThat(lr.symbolicLoss().eval(lr.data().with("w", wt)).item())
        .isCloseTo(loss, within(1e-10));
  }

  @Test
  void neuronHandGradientMatchesLoops() {
    Neuron neuron = Neuron.generate(3, 20, 11);
    Tensor w = Tensor.vector(0.2, -0.4, 0.1).reshape(1, 3);
    Bindings at = neuron.data().with("W", w);
    double[] expected = new double[3];
    for (int i = 0; i < 20; i++) {
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += w.get(0, j) * neuron.inputs().get(j, i);
      }
      double s = 1 / (1 + Math.exp(-z));
      double delta = 2 * (s - neuron.targets().get(0, i)) * s * (1 - s);
      for (int j = 0; j < 3; j++) {
        expected[j] += delta * neuron.inputs().get(j, i);
      }
    }
    Tensor hand = neuron.handGradient().eval(at);
    Tensor auto = neuron.loss().gradient(neuron.weights()).of(neuron.weights()).eval(at);
    for (int j = 0; j < 3; j++) {
      assertThat(hand.get(0, j)).isCloseTo(expected[j], within(1e-12));
      assertThat(auto.get(0, j)).isCloseTo(expected[j], within(1e-12));
    }
  }

  @Test
  void rosenbrockValueAndGradient() {
    Random random = new Random(3);
    for (int t = 0; t < 10; t++) {
      double x = 4 * random.nextDouble() - 2;
      double y = 4 * random.nextDouble() - 1;
      Bindings at = Bindings.of("x", Tensor.scalar(x), "y", Tensor.scalar(y));
      assertThat(Rosenbrock.loss().eval(at).item()).isCloseTo(Rosenbrock.value(x, y), within(1e-9));
      var g = Rosenbrock.loss().gradient(Rosenbrock.x(), Rosenbrock.y());
      assertThat(g.of(Rosenbrock.x()).eval(at).item())
          .isCloseTo(-2 * (1 - x) - 400 * x * (y - x * x), within(1e-9));
      assertThat(g.of(Rosenbrock.y()).eval(at).item()).isCloseTo(200 * (y - x * x), within(1e-9));
    }
  }

  @Test
  void mlpLossMatchesLoops() {
    Mlp mlp = Mlp.of(4, 5);
    double[] theta = mlp.initialParameters(9);
    assertThat(theta).hasSize(mlp.parameterCount());
    Random random = new Random(2);
    Tensor x = Tensor.randomNormal(Shape.of(5, 2), random);
    Tensor y = Tensor.vector(0, 1, 1, 0, 1).reshape(5, 1);
    Bindings at = Bindings.of("X", x, "y", y);
    int offset = 0;
    List<Variable> params = mlp.parameters();
    double[][] p = new double[params.size()][];
    for (int k = 0; k < params.size(); k++) {
      int size = params.get(k).shape().size();
      p[k] = java.util.Arrays.copyOfRange(theta, offset, offset + size);
      at = at.with(params.get(k).name(), Tensor.of(params.get(k).shape(), p[k]));
      offset += size;
    }
    double loss = 0;
    for (int i = 0; i < 5; i++) {
      double[] h1 = new double[4];
      for (int u = 0; u < 4; u++) {
        h1[u] = Math.tanh(x.get(i, 0) * p[0][u] + x.get(i, 1) * p[0][4 + u] + p[1][u]);
      }
      double[] h2 = new double[4];
      for (int u = 0; u < 4; u++) {
        double s = p[3][u];
        for (int v = 0; v < 4; v++) {
          s += h1[v] * p[2][v * 4 + u];
        }
        h2[u] = Math.tanh(s);
      }
      double z = p[5][0];
      for (int v = 0; v < 4; v++) {
        z += h2[v] * p[4][v];
      }
      loss += (Math.log1p(Math.exp(z)) - y.get(i, 0) * z) / 5;
    }
    Expr l = mlp.loss();
    assertThat(l.eval(at).item()).isCloseTo(loss, within(1e-12));
  }
}

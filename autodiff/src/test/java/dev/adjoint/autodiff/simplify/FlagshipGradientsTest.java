package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.abs;
import static dev.adjoint.autodiff.Exprs.concat;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.max;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Gradients} simplifies by default: on the flagship losses the simplified gradient evaluates
 * like the raw backprop graph and like central finite differences, is no larger, and reads like the
 * hand derivation.
 */
class FlagshipGradientsTest {
  static final Variable W = Variable.of("W", 1, 3);
  static final Variable X = Variable.of("X", 3, 5);
  static final Variable Y = Variable.of("y", 1, 5);

  static final Variable XS = Variable.of("X", 6, 3);
  static final Variable WV = Variable.of("w", 3);
  static final Variable YV = Variable.of("y", 6);

  static final Variable W2 = Variable.of("W", 3, 4);
  static final Variable B2 = Variable.of("b", 4);
  static final Variable Y2 = Variable.of("Y", 6, 4);

  /** The neuron {@code Σ (σ(W·X) − y)²}. */
  static Expr neuron() {
    return sum(square(sigmoid(W.matmul(X)).minus(Y)));
  }

  /** Least squares {@code Σ (X·w − y)^2}. */
  static Expr leastSquares() {
    return sum(XS.matmul(WV).minus(YV).pow(2));
  }

  /** Logistic regression {@code −Σ y log σ(z) + (1 − y) log(1 − σ(z))}, z = X·w. */
  static Expr logisticRegression() {
    Expr p = sigmoid(XS.matmul(WV));
    Expr one = constant(1);
    return neg(sum(YV.times(log(p)).plus(one.minus(YV).times(log(one.minus(p))))));
  }

  /** Softmax cross-entropy {@code −Σ Y ⊙ log_softmax(X·W)}. */
  static Expr softmaxCrossEntropy() {
    return neg(sum(Y2.times(logSoftmax(XS.matmul(W2), 1))));
  }

  /** A tanh layer {@code Σ (tanh(X·W + b) − Y)²}. */
  static Expr tanhLayer() {
    return sum(square(tanh(XS.matmul(W2).plus(B2)).minus(Y2)));
  }

  static final Variable W1 = Variable.of("W1", 3, 5);
  static final Variable B1 = Variable.of("b1", 5);
  static final Variable W3 = Variable.of("W2", 5, 4);

  /** A two-layer perceptron with relu and softmax cross-entropy, plus an L2 penalty. */
  static Expr mlp() {
    Expr hidden = relu(XS.matmul(W1).plus(B1));
    Expr logits = hidden.matmul(W3);
    Expr crossEntropy = neg(sum(Y2.times(logSoftmax(logits, 1))));
    Expr penalty = sum(square(W1)).plus(sum(square(W3))).times(constant(0.01));
    return crossEntropy.div(constant(6)).plus(penalty);
  }

  /** A smooth loss through slices, concatenation, logsumexp and a max. */
  static Expr shapes() {
    Expr rows = concat(0, slice(XS, Index.range(0, 2)), slice(XS, Index.range(4, 6)));
    Expr scores = rows.matmul(W2).plus(abs(B2).times(constant(2)));
    return sum(logsumexp(scores, 1)).plus(max(sum(tanh(scores), 0)).times(constant(0.5)));
  }

  record Loss(String name, Expr loss, List<Variable> wrt, Domain domain) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Loss> losses() {
    return Stream.of(
        new Loss("neuron", neuron(), List.of(W, X), Domain.REAL),
        new Loss("least squares", leastSquares(), List.of(WV), Domain.REAL),
        new Loss("logistic regression", logisticRegression(), List.of(WV), Domain.REAL),
        new Loss("softmax cross-entropy", softmaxCrossEntropy(), List.of(W2), Domain.REAL),
        new Loss("tanh layer", tanhLayer(), List.of(W2, B2), Domain.REAL),
        new Loss("mlp", mlp(), List.of(W1, B1, W3), Domain.REAL),
        new Loss("slices, logsumexp, max", shapes(), List.of(W2, B2), Domain.REAL));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void simplifiedGradientEvaluatesLikeTheRawOne(Loss l) {
    Variable[] wrt = l.wrt().toArray(new Variable[0]);
    Gradients simplified = Gradients.of(l.loss(), wrt);
    Gradients raw = Gradients.raw(l.loss(), wrt);
    for (Variable v : wrt) {
      RandomPoints.assertSameValues(raw.of(v), simplified.of(v), l.domain(), 5, 7);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void simplifiedGradientIsNoLarger(Loss l) {
    Variable[] wrt = l.wrt().toArray(new Variable[0]);
    Gradients simplified = Gradients.of(l.loss(), wrt);
    Gradients raw = Gradients.raw(l.loss(), wrt);
    for (Variable v : wrt) {
      assertThat(Graph.size(simplified.of(v))).isLessThanOrEqualTo(Graph.size(raw.of(v)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void simplifiedGradientMatchesFiniteDifferences(Loss l) {
    Random random = new Random(11);
    Bindings at = RandomPoints.sample(List.of(l.loss()), l.domain(), random);
    for (Variable v : l.wrt()) {
      Tensor gradient = Gradients.of(l.loss(), v).of(v).eval(at);
      Tensor numeric = centralDifference(l.loss(), v, at);
      assertThat(gradient.isCloseTo(numeric, 1e-6, 1e-7))
          .as("∂/∂%s: %s vs %s", v.name(), gradient, numeric)
          .isTrue();
    }
  }

  @Test
  void recurrentGradientKeepsItsSharedProductsShared() {
    Variable w = Variable.of("w", 3);
    Variable x = Variable.of("x", 40, 3);
    Expr h = dev.adjoint.autodiff.Exprs.zeros(Shape.of(3));
    for (int t = 0; t < 40; t++) {
      h = tanh(h.times(w).plus(dev.adjoint.autodiff.Exprs.at(x, t)));
    }
    Expr loss = sum(h);
    Expr simplified = Gradients.of(loss, w).of(w);
    Expr raw = Gradients.raw(loss, w).of(w);
    assertThat(Graph.size(simplified)).isLessThanOrEqualTo(Graph.size(raw));
    RandomPoints.assertSameValues(raw, simplified, Domain.REAL, 3, 13);
  }

  @Test
  void neuronGradientReadsLikeTheHandDerivation() {
    assertThat(Gradients.of(neuron(), W).of(W).toString())
        .isEqualTo("2 * (sigmoid(W @ X) * (1 - sigmoid(W @ X)) * (sigmoid(W @ X) - y) @ X')");
  }

  @Test
  void leastSquaresGradientReadsLikeTheHandDerivation() {
    assertThat(Gradients.of(leastSquares(), WV).of(WV).toString())
        .isEqualTo("2 * (X' @ (X @ w - y))");
  }

  @Test
  void logisticRegressionGradientCancelsToTheTextbookForm() {
    assertThat(Gradients.of(logisticRegression(), WV).of(WV).toString())
        .isEqualTo("X' @ (sigmoid(X @ w) - y)");
  }

  @Test
  void rawGradientIsTheBackpropGraph() {
    assertThat(Gradients.raw(leastSquares(), WV).of(WV).toString())
        .isEqualTo("reshape(X' @ reshape(2 * (X @ w - y), 6, 1), 3)");
  }

  @Test
  void vjpIsSimplifiedAndVjpRawIsNot() {
    Expr out = XS.matmul(WV).times(constant(1));
    Expr cotangent = Variable.of("g", 6);
    assertThat(Gradients.vjp(out, cotangent, WV).of(WV).toString()).isEqualTo("X' @ g");
    assertThat(Gradients.vjpRaw(out, cotangent, WV).of(WV).toString())
        .isEqualTo("reshape(X' @ reshape(g, 6, 1), 3)");
  }

  @Test
  void hessianOfLeastSquaresIsTwiceTheGramMatrix() {
    Random random = new Random(3);
    Tensor x = Tensor.randomNormal(Shape.of(6, 3), random);
    Tensor w = Tensor.randomNormal(Shape.of(3), random);
    Tensor y = Tensor.randomNormal(Shape.of(6), random);
    Tensor hessian =
        Gradients.hessian(leastSquares(), WV).eval(Bindings.of("X", x, "w", w, "y", y));
    assertThat(hessian.shape()).isEqualTo(Shape.of(3, 3));
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double gram = 0;
        for (int r = 0; r < 6; r++) {
          gram += x.get(r, i) * x.get(r, j);
        }
        assertThat(hessian.get(i, j))
            .isCloseTo(2 * gram, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
  }

  @Test
  void hessianVectorProductOfTheNeuronMatchesDifferencesOfTheGradient() {
    Random random = new Random(5);
    Bindings at = RandomPoints.sample(List.of(neuron()), Domain.REAL, random);
    Tensor direction = Tensor.randomNormal(W.shape(), random);
    Variable v = Variable.of("v", 1, 3);
    Tensor hvp = Gradients.hvp(neuron(), W, v).eval(at.with(v, direction));
    Expr gradient = Gradients.of(neuron(), W).of(W);
    double h = 1e-5;
    Tensor plus = gradient.eval(at.with(W, shifted(at, W, direction, h)));
    Tensor minus = gradient.eval(at.with(W, shifted(at, W, direction, -h)));
    for (int j = 0; j < 3; j++) {
      double numeric = (plus.get(0, j) - minus.get(0, j)) / (2 * h);
      assertThat(hvp.get(0, j)).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void jacobianOfASimplifiedVectorFunction() {
    Expr f = tanh(XS.matmul(WV));
    Random random = new Random(9);
    Bindings at = RandomPoints.sample(List.of(f), Domain.REAL, random);
    Tensor jacobian = Gradients.jacobian(f, WV).eval(at);
    Tensor x = at.get("X").orElseThrow();
    Tensor z = XS.matmul(WV).eval(at);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 3; j++) {
        double t = Math.tanh(z.get(i));
        assertThat(jacobian.get(i, j))
            .isCloseTo((1 - t * t) * x.get(i, j), org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  private static Tensor shifted(Bindings at, Variable v, Tensor direction, double h) {
    double[] values = at.get(v.name()).orElseThrow().toArray();
    double[] d = direction.toArray();
    for (int i = 0; i < values.length; i++) {
      values[i] += h * d[i];
    }
    return Tensor.wrap(v.shape(), values);
  }

  /** ∂loss/∂v by central differences, one element at a time. */
  private static Tensor centralDifference(Expr loss, Variable v, Bindings at) {
    double[] base = at.get(v.name()).orElseThrow().toArray();
    double[] gradient = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(base[i]));
      double[] plus = base.clone();
      double[] minus = base.clone();
      plus[i] += h;
      minus[i] -= h;
      double fPlus = loss.eval(at.with(v, Tensor.wrap(v.shape(), plus))).item();
      double fMinus = loss.eval(at.with(v, Tensor.wrap(v.shape(), minus))).item();
      gradient[i] = (fPlus - fMinus) / (2 * h);
    }
    return Tensor.wrap(v.shape(), gradient);
  }
}

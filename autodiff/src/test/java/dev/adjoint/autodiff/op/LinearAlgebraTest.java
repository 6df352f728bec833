package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.cholesky;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.det;
import static dev.adjoint.autodiff.Exprs.diag;
import static dev.adjoint.autodiff.Exprs.eye;
import static dev.adjoint.autodiff.Exprs.inv;
import static dev.adjoint.autodiff.Exprs.logdet;
import static dev.adjoint.autodiff.Exprs.outer;
import static dev.adjoint.autodiff.Exprs.solve;
import static dev.adjoint.autodiff.Exprs.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.ShapeMismatchException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.parse.Parser;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The linear-algebra ops' values against hand-computed ones, batches against their matrices one by
 * one, singular and indefinite input, shape errors, and second derivatives (Hessian-vector products
 * against finite differences of the gradient).
 */
class LinearAlgebraTest {

  /** Not symmetric, det = 2·(3·2 − 1·0) − 1·(0·2 − 1·1) + 0 = 13 with a row swap-free LU. */
  private static final Tensor A = Tensor.matrix(new double[][] {{2, 1, 0}, {0, 3, 1}, {1, 0, 2}});

  /** A⁻¹ = adj(A)/13, the adjugate worked out by hand. */
  private static final double[][] A_INVERSE = {
    {6 / 13.0, -2 / 13.0, 1 / 13.0},
    {1 / 13.0, 4 / 13.0, -2 / 13.0},
    {-3 / 13.0, 1 / 13.0, 6 / 13.0}
  };

  private static final Variable X = Variable.of("X", 3, 3);

  private static Tensor at(Expr e, Tensor x) {
    return e.eval(Bindings.of("X", x));
  }

  private static void assertClose(Tensor actual, double[][] expected) {
    assertThat(actual.shape()).isEqualTo(Shape.of(expected.length, expected[0].length));
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        assertThat(actual.get(i, j)).as("[%s, %s]", i, j).isCloseTo(expected[i][j], within(1e-12));
      }
    }
  }

  @Test
  void valuesOfANonSymmetricMatrix() {
    assertClose(at(inv(X), A), A_INVERSE);
    assertThat(at(det(X), A).item()).isCloseTo(13, within(1e-12));
    assertThat(at(logdet(X), A).item()).isCloseTo(Math.log(13), within(1e-12));
    assertThat(at(logdet(Exprs.neg(X)), A).item()).isCloseTo(Math.log(13), within(1e-12));
    assertThat(at(det(Exprs.neg(X)), A).item()).isCloseTo(-13, within(1e-12));
    assertThat(at(trace(X), A).item()).isEqualTo(7);
    assertThat(at(diag(X), A)).isEqualTo(Tensor.vector(2, 3, 2));
    assertClose(
        at(diag(Exprs.reshape(Exprs.slice(X, dev.adjoint.autodiff.Index.at(0)), 3)), A),
        new double[][] {{2, 0, 0}, {0, 1, 0}, {0, 0, 0}});
    assertClose(eye(3).eval(Bindings.of()), new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    // A·x = b with x = (1, −1, 2): b = (1, −1, 5)
    assertThat(at(solve(X, constant(Tensor.vector(1, -1, 5))), A).toArray())
        .containsExactly(new double[] {1, -1, 2}, within(1e-12));
    // A·[x, 2x] = [b, 2b]
    Tensor b2 = Tensor.matrix(new double[][] {{1, 2}, {-1, -2}, {5, 10}});
    assertClose(at(solve(X, constant(b2)), A), new double[][] {{1, 2}, {-1, -2}, {2, 4}});
    assertClose(
        outer(constant(Tensor.vector(1, 2)), constant(Tensor.vector(3, 4, 5))).eval(Bindings.of()),
        new double[][] {{3, 4, 5}, {6, 8, 10}});
  }

  /** Matrices whose LU factorisation swaps rows, with determinants worked out by cofactors. */
  @Test
  void determinantsThroughRowSwapsKeepTheirSign() {
    Variable y = Variable.of("Y", 2, 2);
    Tensor swap = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    assertThat(det(y).eval(Bindings.of("Y", swap)).item()).isCloseTo(-2, within(1e-12));
    assertThat(det(y).eval(Bindings.of("Y", Tensor.matrix(new double[][] {{0, 1}, {1, 0}}))).item())
        .isEqualTo(-1);
    // a cyclic permutation: two swaps
    Tensor cycle = Tensor.matrix(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    assertThat(at(det(X), cycle).item()).isEqualTo(1);
    // 0·(0·3 − 0·1) − 2·(1·3 − 0·0) + 1·(1·1 − 0·0) = −5
    Tensor pivoted = Tensor.matrix(new double[][] {{0, 2, 1}, {1, 0, 0}, {0, 1, 3}});
    assertThat(at(det(X), pivoted).item()).isCloseTo(-5, within(1e-12));
    assertThat(at(logdet(X), pivoted).item()).isCloseTo(Math.log(5), within(1e-12));
    // its inverse, adj/det: checked by the product
    Tensor product = at(Exprs.matmul(X, inv(X)), pivoted);
    assertClose(product, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
  }

  @Test
  void choleskyOfAKnownFactor() {
    // L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]] gives L·Lᵀ = [[4, 2, −2], [2, 10, 5], [−2, 5, 6]]
    Tensor spd = Tensor.matrix(new double[][] {{4, 2, -2}, {2, 10, 5}, {-2, 5, 6}});
    double[][] l = {{2, 0, 0}, {1, 3, 0}, {-1, 2, 1}};
    assertClose(at(cholesky(X), spd), l);
    // only the symmetric part counts: move 1 from above the diagonal to below it
    Tensor skewed = Tensor.matrix(new double[][] {{4, 3, -2}, {1, 10, 5}, {-2, 5, 6}});
    assertClose(at(cholesky(X), skewed), l);
  }

  private static boolean allNaN(Tensor t) {
    return java.util.Arrays.stream(t.toArray()).allMatch(Double::isNaN);
  }

  private static Tensor item(Tensor t, int k) {
    return Exprs.at(constant(t), k).eval(Bindings.of());
  }

  private static void assertSameValues(Tensor actual, Tensor expected, String what) {
    assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.getFlat(i))
          .as("%s, element %s", what, i)
          .isCloseTo(
              expected.getFlat(i), within(1e-12 * Math.max(1, Math.abs(expected.getFlat(i)))));
    }
  }

  @Test
  void aBatchIsItsMatricesOneByOne() {
    Variable batch = Variable.of("B", 3, 3, 3);
    Variable rhs = Variable.of("R", 3, 3, 3);
    Variable vectors = Variable.of("v", 3, 3);
    Variable w = Variable.of("w", 3, 3);
    Variable r1 = Variable.of("R", 3, 3);
    Variable v1 = Variable.of("v", 3);
    Variable w1 = Variable.of("w", 3);
    Random random = new Random(7);
    Tensor b = Tensor.randomNormal(Shape.of(3, 3, 3), random);
    Tensor r = Tensor.randomNormal(Shape.of(3, 3, 3), random);
    Tensor v = Tensor.randomNormal(Shape.of(3, 3), random);
    Tensor wv = Tensor.randomNormal(Shape.of(3, 3), random);
    Bindings all = Bindings.of("B", b).with(rhs, r).with(vectors, v).with(w, wv);
    List<Function<Expr, Expr>> unary =
        List.of(Exprs::inv, Exprs::det, Exprs::logdet, Exprs::trace, Exprs::diag, Exprs::cholesky);
    for (int k = 0; k < 3; k++) {
      Bindings one =
          Bindings.of("X", item(b, k))
              .with(r1, item(r, k))
              .with(v1, item(v, k))
              .with(w1, item(wv, k));
      // symmetric positive definite matrices for cholesky: X·Xᵀ + I, per matrix
      Expr spdBatch = Exprs.add(Matrices.mm(batch, Matrices.mT(batch)), eye(3));
      Expr spdOne = Exprs.add(Exprs.matmul(X, Exprs.transpose(X)), eye(3));
      for (Function<Expr, Expr> f : unary) {
        boolean chol = f.apply(X).op() instanceof Cholesky;
        Expr batched = f.apply(chol ? spdBatch : batch);
        Expr single = f.apply(chol ? spdOne : X);
        assertSameValues(item(batched.eval(all), k), single.eval(one), single + " of matrix " + k);
      }
      assertSameValues(
          item(solve(batch, rhs).eval(all), k), solve(X, r1).eval(one), "solve, matrix " + k);
      assertSameValues(
          item(solve(batch, vectors).eval(all), k), solve(X, v1).eval(one), "solve, vector " + k);
      assertSameValues(item(outer(vectors, w).eval(all), k), outer(v1, w1).eval(one), "outer " + k);
    }
  }

  /** An exactly singular and a numerically singular (rank 2 up to rounding) matrix. */
  private static final Tensor[] SINGULAR = {
    Tensor.matrix(new double[][] {{1, 2, 3}, {2, 4, 6}, {0, 1, 1}}),
    Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})
  };

  @ParameterizedTest(name = "singular matrix {0}")
  @ValueSource(ints = {0, 1})
  void aSingularMatrixIsNeverAQuietNumber(int which) {
    Tensor s = SINGULAR[which];
    assertThat(allNaN(at(inv(X), s))).isTrue();
    assertThat(allNaN(at(solve(X, constant(Tensor.vector(1, 2, 3))), s))).isTrue();
    assertThat(at(logdet(X), s).item()).isEqualTo(Double.NEGATIVE_INFINITY);
    // the determinant itself is 0 up to rounding, which is its value
    assertThat(at(det(X), s).item()).isCloseTo(0, within(1e-14));

    for (Expr e : List.of(inv(X), logdet(X), solve(X, constant(Tensor.vector(1, 2, 3))))) {
      Program checked = Program.compile(Exprs.sum(e)).checkingFinite();
      assertThatThrownBy(() -> checked.run(Bindings.of("X", s)))
          .as("%s", e)
          .isInstanceOf(NonFiniteException.class)
          .hasMessageContaining(e.op().name());
    }
    // det's derivative det(X)·X⁻ᵀ is undefined there: reported too, not a silent 0
    Program gradient = Program.compile(det(X).gradient(X).of(X)).checkingFinite();
    assertThatThrownBy(() -> gradient.run(Bindings.of("X", s)))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining("inv");
  }

  @Test
  void aTinyButRegularMatrixIsNotSingular() {
    Tensor small = Tensor.matrix(new double[][] {{2e-200, 1e-200}, {0, 3e-200}});
    Variable y = Variable.of("Y", 2, 2);
    Tensor inverse = inv(y).eval(Bindings.of("Y", small));
    assertThat(inverse.get(0, 0)).isCloseTo(0.5e200, within(1e185));
    assertThat(logdet(y).eval(Bindings.of("Y", small)).item())
        .isCloseTo(Math.log(6) - 400 * Math.log(10), within(1e-9));
  }

  @Test
  void choleskyOfAnIndefiniteMatrixIsReported() {
    Tensor indefinite = Tensor.matrix(new double[][] {{1, 2, 0}, {2, 1, 0}, {0, 0, 1}});
    assertThat(allNaN(at(cholesky(X), indefinite))).isTrue();
    Program checked = Program.compile(Exprs.sum(cholesky(X))).checkingFinite();
    assertThatThrownBy(() -> checked.run(Bindings.of("X", indefinite)))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining("cholesky");
  }

  @Test
  void shapeErrorsNameTheOpAndTheShapes() {
    Variable m = Variable.of("M", 2, 3);
    Variable v = Variable.of("v", 4);
    assertThatThrownBy(() -> inv(m))
        .isInstanceOf(ShapeMismatchException.class)
        .hasMessageContaining("inv: needs a square matrix")
        .hasMessageContaining("[2×3]");
    assertThatThrownBy(() -> det(v)).hasMessageContaining("det: needs a square matrix");
    assertThatThrownBy(() -> solve(X, v)).hasMessageContaining("solve: the shapes do not fit");
    assertThatThrownBy(() -> solve(X, constant(1))).hasMessageContaining("solve:");
    assertThatThrownBy(() -> outer(X, v)).hasMessageContaining("outer: needs two vectors");
    assertThatThrownBy(() -> diag(constant(1))).hasMessageContaining("diag: needs a vector");
    assertThatThrownBy(() -> eye(0)).hasMessageContaining("eye: the size must be");
    assertThatThrownBy(() -> Parser.parse("eye(100000)", List.of()))
        .hasMessageContaining("eye: the size must be");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "inv(X)",
        "det(X)",
        "logdet(X)",
        "solve(X, X)",
        "solve(X, v)",
        "trace(X)",
        "diag(X)",
        "diag(v)",
        "eye(3)",
        "outer(v, v)",
        "cholesky(X)",
        "inv(X') @ eye(3) - det(X) * outer(v, v)",
        "-(inv(X) @ X)",
        "solve(B, R)"
      })
  void parsingThePlainFormGivesBackTheSameNode(String text) {
    List<Variable> vars =
        List.of(X, Variable.of("v", 3), Variable.of("B", 2, 3, 3), Variable.of("R", 2, 3));
    Expr e = Parser.parse(text, vars);
    assertThat(Parser.parse(PlainPrinter.print(e), vars)).isSameAs(e);
    Expr g = Exprs.sum(e).gradient(X).of(X);
    assertThat(Parser.parse(PlainPrinter.print(g), vars)).as("%s", g).isSameAs(g);
  }

  /**
   * Second order: the Hessian-vector product {@code ∇²L·v} (autodiff applied to the gradient
   * expression) against central differences of the gradient along v, for {@code L = Σ W ⊙ f(X)} at
   * a non-symmetric, well-conditioned X.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "inv(X)",
        "det(X)",
        "logdet(X)",
        "solve(X, R)",
        "solve(X', r)",
        "cholesky(X)",
        "inv(B)",
        "det(B)",
        "logdet(B)",
        "solve(B, S)"
      })
  void hessianVectorProductsMatchDifferencesOfTheGradient(String text) {
    Variable b = Variable.of("B", 3, 3, 3);
    boolean batched = text.contains("B");
    Variable x = batched ? b : X;
    List<Variable> vars =
        List.of(X, b, Variable.of("R", 3, 3), Variable.of("r", 3), Variable.of("S", 3, 3, 3));
    Random random = new Random(text.hashCode());
    Expr f = Parser.parse(text, vars);
    Expr loss = Exprs.sum(Exprs.mul(constant(Tensor.randomNormal(f.shape(), random)), f));
    Variable v = Variable.of("v_direction", x.shape().dims());
    Expr hvp = Gradients.hvp(loss, x, v);
    Expr gradient = loss.gradient(x).of(x);

    double[] point = Tensor.randomUniform(x.shape(), -1, 1, random).toArray();
    int n = 3;
    for (int k = 0; k < point.length / (n * n); k++) {
      for (int i = 0; i < n; i++) {
        point[k * n * n + i * n + i] += 6; // diagonally dominant, far from singular
      }
    }
    Tensor direction = Tensor.randomNormal(x.shape(), random);
    Bindings at =
        Bindings.of(x.name(), Tensor.of(x.shape(), point))
            .with(v, direction)
            .with(Variable.of("R", 3, 3), Tensor.randomNormal(Shape.of(3, 3), random))
            .with(Variable.of("r", 3), Tensor.randomNormal(Shape.of(3), random))
            .with(Variable.of("S", 3, 3, 3), Tensor.randomNormal(Shape.of(3, 3, 3), random));
    Tensor actual = hvp.eval(at);

    double h = 1e-5;
    double[] plus = point.clone();
    double[] minus = point.clone();
    for (int i = 0; i < point.length; i++) {
      plus[i] += h * direction.getFlat(i);
      minus[i] -= h * direction.getFlat(i);
    }
    Tensor gPlus = gradient.eval(at.with(x, Tensor.of(x.shape(), plus)));
    Tensor gMinus = gradient.eval(at.with(x, Tensor.of(x.shape(), minus)));
    double scale = 0;
    for (int i = 0; i < point.length; i++) {
      scale = Math.max(scale, Math.abs(actual.getFlat(i)));
    }
    assertThat(scale).as("the Hessian-vector product of %s is not zero", text).isGreaterThan(1e-6);
    for (int i = 0; i < point.length; i++) {
      double expected = (gPlus.getFlat(i) - gMinus.getFlat(i)) / (2 * h);
      assertThat(actual.getFlat(i))
          .as("%s: element %s of ∇²L·v", text, i)
          .isCloseTo(expected, within(1e-6 * Math.max(1, scale)));
    }
  }
}

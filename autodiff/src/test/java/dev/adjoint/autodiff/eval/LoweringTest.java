package dev.adjoint.autodiff.eval;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.transpose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Transpose;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoweringTest {

  /**
   * {@code op(A)·op(B)} for every pair of flags, on square shapes (where reading an operand the
   * wrong way round still fits) and rectangular ones, small (plain loop) and large enough for the
   * packed kernel, against a triple loop over the bound values.
   */
  @ParameterizedTest(name = "{0}x{1}x{2}, transA={3}, transB={4}")
  @CsvSource({
    "5,5,5,true,false", "5,5,5,false,true", "5,5,5,true,true",
    "40,40,40,true,false", "40,40,40,false,true", "40,40,40,true,true",
    "3,7,5,true,false", "3,7,5,false,true", "3,7,5,true,true",
    "33,20,47,true,false", "33,20,47,false,true", "33,20,47,true,true"
  })
  void transposedOperandsAreReadInPlaceWithTheSameValues(
      int m, int k, int n, boolean transA, boolean transB) {
    Variable a = transA ? Variable.of("A", k, m) : Variable.of("A", m, k);
    Variable b = transB ? Variable.of("B", n, k) : Variable.of("B", k, n);
    Expr product = matmul(transA ? transpose(a) : a, transB ? transpose(b) : b);
    Random random = new Random(31L * m + 7L * k + n);
    Tensor av = Tensor.randomNormal(a.shape(), random);
    Tensor bv = Tensor.randomNormal(b.shape(), random);
    Bindings at = Bindings.of("A", av, "B", bv);

    Program program = Program.compile(product);
    assertNoTransposeFeedsAProduct(program);
    double[] got = program.run(at).get(0).toArray();
    double[] expected = naiveProduct(av, transA, bv, transB, m, k, n);
    assertClose(got, expected, "op(A)·op(B), " + m + "x" + k + "x" + n);
  }

  /** A transpose that is also an output, or read by another op, is still computed. */
  @ParameterizedTest(name = "n={0}")
  @CsvSource({"4", "24"})
  void aTransposeReadElsewhereIsStillComputed(int n) {
    Variable x = Variable.of("X", n, n);
    Expr xt = transpose(x);
    Expr product = matmul(x, xt);
    Expr other =
        sum(square(xt).times(Constant.of(Tensor.randomNormal(Shape.of(n, n), new Random(3)))));
    Tensor xv = Tensor.randomNormal(x.shape(), new Random(n));
    List<Tensor> values = Program.compile(product, xt, other).run(Bindings.of("X", xv));

    assertClose(
        values.get(0).toArray(), naiveProduct(xv, false, xv, true, n, n, n), "X·Xᵀ, n=" + n);
    double[] transposed = values.get(1).toArray();
    double[] stored = xv.toArray();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertThat(transposed[i * n + j]).isEqualTo(stored[j * n + i]);
      }
    }
    assertThat(values.get(2).toArray())
        .containsExactly(Program.compile(other).run(Bindings.of("X", xv)).get(0).toArray());
  }

  /** The neuron's gradient {@code G·Xᵀ} reads X in place, and keeps its values. */
  @ParameterizedTest(name = "{0}x{1}x{2}")
  @CsvSource({"1,3,1", "4,8,8", "1,64,64", "8,8,8"})
  void theNeuronsGradientReadsXInPlace(int m, int k, int n) {
    Variable w = Variable.of("W", m, k);
    Variable x = Variable.of("X", k, n);
    Variable y = Variable.of("y", m, n);
    Expr loss = sum(square(sigmoid(matmul(w, x)).minus(y)));
    Expr gradient = Gradients.of(loss, w).of(w);
    Random random = new Random(k);
    Tensor wv = Tensor.randomNormal(w.shape(), random);
    Tensor xv = Tensor.randomNormal(x.shape(), random);
    Tensor yv = Tensor.randomUniform(y.shape(), 0, 1, random);

    Program program = Program.compile(loss, gradient);
    assertNoTransposeFeedsAProduct(program);
    assertThat(program.instructions()).noneMatch(e -> e.op() instanceof Transpose);
    double[] got = program.run(Bindings.of("W", wv, "X", xv, "y", yv)).get(1).toArray();

    // Reference: dW = (2(s − y) ⊙ s ⊙ (1 − s))·Xᵀ with s = σ(W·X), in plain loops.
    double[] wa = wv.toArray();
    double[] xa = xv.toArray();
    double[] ya = yv.toArray();
    double[] g = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double z = 0;
        for (int p = 0; p < k; p++) {
          z += wa[i * k + p] * xa[p * n + j];
        }
        double s = 1 / (1 + Math.exp(-z));
        g[i * n + j] = 2 * (s - ya[i * n + j]) * s * (1 - s);
      }
    }
    double[] expected = new double[m * k];
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double d = 0;
        for (int j = 0; j < n; j++) {
          d += g[i * n + j] * xa[p * n + j];
        }
        expected[i * k + p] = d;
      }
    }
    assertClose(got, expected, "dL/dW of the neuron " + m + "x" + k + "x" + n);
  }

  private static void assertNoTransposeFeedsAProduct(Program program) {
    List<Expr> instructions = program.instructions();
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).op() instanceof MatMul) {
        assertThat(program.reads(i))
            .as("operands read by %s", instructions.get(i))
            .noneMatch(e -> e.op() instanceof Transpose);
      }
    }
  }

  private static double[] naiveProduct(
      Tensor a, boolean transA, Tensor b, boolean transB, int m, int k, int n) {
    double[] av = a.toArray();
    double[] bv = b.toArray();
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double x = transA ? av[p * m + i] : av[i * k + p];
          double y = transB ? bv[j * k + p] : bv[p * n + j];
          s += x * y;
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** Each element within 1e-12 of the largest expected magnitude. */
  private static void assertClose(double[] got, double[] expected, String what) {
    assertThat(got).as(what).hasSameSizeAs(expected);
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < got.length; i++) {
      assertThat(Math.abs(got[i] - expected[i]))
          .as("%s at %s: %s vs %s", what, i, got[i], expected[i])
          .isLessThanOrEqualTo(1e-12 * scale);
    }
  }
}

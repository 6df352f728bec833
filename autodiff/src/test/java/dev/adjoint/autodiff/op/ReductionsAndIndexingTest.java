package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.cumsum;
import static dev.adjoint.autodiff.Exprs.gather;
import static dev.adjoint.autodiff.Exprs.indexSelect;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.norm;
import static dev.adjoint.autodiff.Exprs.prod;
import static dev.adjoint.autodiff.Exprs.std;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.variance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.parse.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code prod}, {@code cumsum}, {@code norm}, {@code var}/{@code std}, {@code gather}, {@code
 * index_select} and {@code Tensor.argmax}/{@code argmin} against values worked out by hand (NumPy's
 * semantics written out), on 3×3 inputs whose rows and columns give different answers, so a wrong
 * axis, sign or factor shows.
 */
class ReductionsAndIndexingTest {
  private static final double EPS = 1e-12;

  private static final Tensor X = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
  private static final Tensor W =
      Tensor.matrix(new double[][] {{1, 10, 100}, {2, 20, 200}, {3, 30, 300}});

  private static Tensor m(double[]... rows) {
    return Tensor.matrix(rows);
  }

  private static void assertClose(Tensor actual, Tensor expected) {
    assertThat(actual.shape()).isEqualTo(expected.shape());
    assertThat(actual.maxAbsDifference(expected)).as("%s vs %s", actual, expected).isLessThan(EPS);
  }

  /** ∂/∂x of {@code Σ w ⊙ f(x)}, at x = value. */
  private static Tensor gradient(Variable x, Expr f, Tensor value, Tensor weights) {
    Expr loss = sum(mul(constant(weights), f));
    return loss.gradient(x).of(x).eval(Bindings.of(x.name(), value));
  }

  // ---- prod ----

  @Test
  void prodMultipliesAlongEachAxis() {
    Variable x = Variable.of("x", 3, 3);
    Bindings at = Bindings.of("x", X);
    assertClose(prod(x, 0).eval(at), Tensor.vector(28, 80, 162));
    assertClose(prod(x, 1).eval(at), Tensor.vector(6, 120, 504));
    assertClose(prod(x).eval(at), Tensor.scalar(362880));
    assertClose(prod(x, 0, 1).eval(at), Tensor.scalar(362880));
  }

  @Test
  void prodGradientIsTheProductOfTheOthersAndRightAtZeros() {
    Variable v = Variable.of("v", 4);
    // no zero: Π_{j≠i}
    assertClose(
        gradient(v, prod(v), Tensor.vector(2, -1, 3, 4), Tensor.scalar(1)),
        Tensor.vector(-12, 24, -8, -6));
    // one zero: the product of the others at it, 0 elsewhere
    assertClose(
        gradient(v, prod(v), Tensor.vector(2, 0, 3, 4), Tensor.scalar(1)),
        Tensor.vector(0, 24, 0, 0));
    // two zeros: 0 everywhere
    assertClose(gradient(v, prod(v), Tensor.vector(2, 0, 3, 0), Tensor.scalar(1)), Tensor.zeros(4));
  }

  @Test
  void prodGradientAlongAnAxisWithZerosInSomeGroups() {
    Variable x = Variable.of("x", 3, 3);
    Tensor value = m(new double[] {0, 2, 3}, new double[] {1, 0, 0}, new double[] {4, 5, 6});
    Tensor w = Tensor.vector(1, 10, 100);
    // rows: [0,2,3] one zero → [6,0,0]·1; [1,0,0] two zeros → 0; [4,5,6] → [30,24,20]·100
    assertClose(
        gradient(x, prod(x, 1), value, w),
        m(new double[] {6, 0, 0}, new double[] {0, 0, 0}, new double[] {3000, 2400, 2000}));
    // columns: [0,1,4] → [4,0,0]·1; [2,0,5] → [0,10,0]·10; [3,0,6] → [0,18,0]·100
    assertClose(
        gradient(x, prod(x, 0), value, w),
        m(new double[] {4, 0, 0}, new double[] {0, 100, 1800}, new double[] {0, 0, 0}));
  }

  @Test
  void prodHessianVectorProductAtAZero() {
    Variable v = Variable.of("v", 3);
    Expr grad = prod(v).gradient(v).of(v);
    // H_ik = Π_{j≠i,k} x_j at x = [2, 0, 3]: H01 = 3, H02 = 0, H12 = 2; H·[1, 1, 1] = [3, 5, 2]
    Expr hvp = sum(grad).gradient(v).of(v);
    assertClose(hvp.eval(Bindings.of("v", Tensor.vector(2, 0, 3))), Tensor.vector(3, 5, 2));
  }

  @Test
  void prodOfARank3TensorOverOuterAxesMovesTheGroupsRight() {
    Variable x = Variable.of("x", 2, 2, 2);
    Tensor value = Tensor.of(Shape.of(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
    // prod over axes 0 and 2: for j = 0 the elements 1,2,5,6 → 60; for j = 1: 3,4,7,8 → 672
    assertClose(prod(x, 0, 2).eval(Bindings.of("x", value)), Tensor.vector(60, 672));
    // gradient with weights [1, 10]: 60/xᵢ for j = 0, 10·672/xᵢ for j = 1
    Tensor expected = Tensor.of(Shape.of(2, 2, 2), 60, 30, 2240, 1680, 12, 10, 960, 840);
    assertClose(gradient(x, prod(x, 0, 2), value, Tensor.vector(1, 10)), expected);
  }

  @Test
  void prodGradientOverTooManyElementsIsRefusedNamingTheSizes() {
    Variable v = Variable.of("v", 3000);
    assertThatThrownBy(() -> prod(v).gradient(v))
        .hasMessageStartingWith(
            "prod: the gradient of a product over 3000 elements in each of 1 groups needs 9000000"
                + " values");
  }

  // ---- cumsum ----

  @Test
  void cumsumAlongEachAxisAndItsReverseCumsumGradient() {
    Variable x = Variable.of("x", 3, 3);
    Bindings at = Bindings.of("x", X);
    assertClose(
        cumsum(x, 0).eval(at),
        m(new double[] {1, 2, 3}, new double[] {5, 7, 9}, new double[] {12, 15, 18}));
    assertClose(
        cumsum(x, -1).eval(at),
        m(new double[] {1, 3, 6}, new double[] {4, 9, 15}, new double[] {7, 15, 24}));
    // ∂/∂x_j = Σ_{i ≥ j} w_i along the axis
    assertClose(
        gradient(x, cumsum(x, 1), X, W),
        m(
            new double[] {111, 110, 100},
            new double[] {222, 220, 200},
            new double[] {333, 330, 300}));
    assertClose(
        gradient(x, cumsum(x, 0), X, W),
        m(new double[] {6, 60, 600}, new double[] {5, 50, 500}, new double[] {3, 30, 300}));
  }

  // ---- norm ----

  private static final Tensor N = Tensor.matrix(new double[][] {{1, -2, 2}, {0, 3, -4}, {2, 0, 0}});

  @Test
  void normsOverAllElementsAndAlongAxes() {
    Variable x = Variable.of("x", 3, 3);
    Bindings at = Bindings.of("x", N);
    assertClose(norm(x).eval(at), Tensor.scalar(Math.sqrt(38)));
    assertClose(norm(x, 2).eval(at), Tensor.scalar(Math.sqrt(38)));
    assertClose(norm(x, 1).eval(at), Tensor.scalar(14));
    assertClose(norm(x, Double.POSITIVE_INFINITY).eval(at), Tensor.scalar(4));
    assertClose(norm(x, 2, 1).eval(at), Tensor.vector(3, 5, 2));
    assertClose(norm(x, 2, 0).eval(at), Tensor.vector(Math.sqrt(5), Math.sqrt(13), Math.sqrt(20)));
    assertClose(norm(x, 1, 0).eval(at), Tensor.vector(3, 5, 6));
    assertClose(norm(x, Double.POSITIVE_INFINITY, -1).eval(at), Tensor.vector(2, 4, 2));
    assertThatThrownBy(() -> norm(x, 3))
        .hasMessage("norm: p must be 1, 2 or ∞ (written 1/0 in the language), not 3");
  }

  @Test
  void normGradients() {
    Variable x = Variable.of("x", 3, 3);
    // 2-norm along rows [3, 5, 2]: x / ‖row‖ times the row's weight
    Tensor w = Tensor.vector(1, 10, 100);
    assertClose(
        gradient(x, norm(x, 2, 1), N, w),
        m(
            new double[] {1 / 3.0, -2 / 3.0, 2 / 3.0},
            new double[] {0, 6, -8},
            new double[] {100, 0, 0}));
    // ∞-norm along columns: col0 max|x| = 2 at [2,0], col1 3 at [1,1], col2 4 at [1,2] (sign −)
    assertClose(
        gradient(x, norm(x, Double.POSITIVE_INFINITY, 0), N, w),
        m(new double[] {0, 0, 0}, new double[] {0, 10, -100}, new double[] {1, 0, 0}));
  }

  // ---- var and std ----

  private static final Tensor V = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 6, 8}, {0, 0, 9}});

  @Test
  void varianceWithNumpysDivisorAndDdof() {
    Variable x = Variable.of("x", 3, 3);
    Bindings at = Bindings.of("x", V);
    assertClose(variance(x, 1).eval(at), Tensor.vector(2 / 3.0, 8 / 3.0, 18));
    assertClose(variance(x, 0).eval(at), Tensor.vector(26 / 9.0, 56 / 9.0, 62 / 9.0));
    assertClose(variance(x, List.of(1), 1).eval(at), Tensor.vector(1, 4, 27));
    assertClose(std(x, List.of(-1), 1).eval(at), Tensor.vector(1, 2, Math.sqrt(27)));
    // all nine: mean 33/9 = 11/3, Σx² = 1+4+9+16+36+64+0+0+81 = 211 → 211/9 − 121/9 = 10
    assertClose(variance(x).eval(at), Tensor.scalar(10));
    assertClose(std(x).eval(at), Tensor.scalar(Math.sqrt(10)));
    assertThatThrownBy(() -> variance(x, List.of(0), 3))
        .hasMessageContaining("var: ddof 3 must be at least 0 and less than the 3 elements");
  }

  @Test
  void varianceGradientIsTwiceTheDeviationOverTheDivisor() {
    Variable x = Variable.of("x", 3, 3);
    // rows, ddof 1: 2(x − mean)/2 = x − mean, times the row weight
    assertClose(
        gradient(x, variance(x, List.of(1), 1), V, Tensor.vector(1, 10, 100)),
        m(new double[] {-1, 0, 1}, new double[] {-20, 0, 20}, new double[] {-300, -300, 600}));
  }

  // ---- gather, index_select, scatter-add ----

  private static final Tensor T =
      Tensor.matrix(new double[][] {{10, 11, 12}, {20, 21, 22}, {30, 31, 32}});
  private static final Tensor IDX =
      Tensor.matrix(new double[][] {{2, 0, 0}, {1, 1, -1}, {0, 2, 1}});

  @Test
  void gatherTakesAlongEitherAxis() {
    Variable x = Variable.of("x", 3, 3);
    Bindings at = Bindings.of("x", T);
    assertClose(
        gather(x, constant(IDX), 1).eval(at),
        m(new double[] {12, 10, 10}, new double[] {21, 21, 22}, new double[] {30, 32, 31}));
    assertClose(
        gather(x, constant(IDX), 0).eval(at),
        m(new double[] {30, 11, 12}, new double[] {20, 21, 32}, new double[] {10, 31, 22}));
  }

  @Test
  void gatherGradientAccumulatesRepeatedIndices() {
    Variable x = Variable.of("x", 3, 3);
    // row 0 takes [2, 0, 0]: column 0 receives w01 + w02 = 110, column 2 receives w00 = 1
    assertClose(
        gradient(x, gather(x, constant(IDX), 1), T, W),
        m(new double[] {110, 0, 1}, new double[] {0, 22, 200}, new double[] {3, 300, 30}));
  }

  @Test
  void gatherWithABoundIndexVariableGetsNoGradientThroughTheIndices() {
    Variable x = Variable.of("x", 3, 3);
    Variable idx = Variable.of("idx", 3, 1);
    Expr picked = gather(x, idx, 1);
    Bindings at = Bindings.of("x", T).with(idx, Tensor.of(Shape.of(3, 1), 1, 2, 0));
    assertClose(picked.eval(at), Tensor.of(Shape.of(3, 1), 11, 22, 30));
    assertThat(sum(picked).gradient(idx).of(idx).eval(at).isAllZero()).isTrue();
  }

  @Test
  void indexSelectIsAnEmbeddingLookupWithAccumulatingGradient() {
    Variable e = Variable.of("e", 3, 3);
    Expr rows = indexSelect(e, constant(Tensor.vector(2, 0, 2, -3)), 0);
    assertClose(
        rows.eval(Bindings.of("e", T)),
        m(
            new double[] {30, 31, 32},
            new double[] {10, 11, 12},
            new double[] {30, 31, 32},
            new double[] {10, 11, 12}));
    Tensor w =
        m(
            new double[] {1, 2, 3},
            new double[] {10, 20, 30},
            new double[] {100, 200, 300},
            new double[] {1000, 2000, 3000});
    // row 2 receives w0 + w2, row 0 receives w1 + w3, row 1 nothing
    assertClose(
        gradient(e, rows, T, w),
        m(new double[] {1010, 2020, 3030}, new double[] {0, 0, 0}, new double[] {101, 202, 303}));
    assertClose(
        indexSelect(e, constant(Tensor.vector(1, 1)), 1).eval(Bindings.of("e", T)),
        m(new double[] {11, 11}, new double[] {21, 21}, new double[] {31, 31}));
  }

  @Test
  void badIndicesAreRefusedWithTheOpTheValueAndItsPosition() {
    Variable x = Variable.of("x", 3, 3);
    Variable idx = Variable.of("idx", 2, 3);
    Expr picked = gather(x, idx, 0);
    Tensor outOfRange = m(new double[] {0, 1, 2}, new double[] {-3, 3, 0});
    assertThatThrownBy(() -> picked.eval(Bindings.of("x", T).with(idx, outOfRange)))
        .hasMessage(
            "gather: index 3 at [1, 1] of the indices is out of range for axis 0 of size 3"
                + " (valid: -3 to 2)");
    Tensor fractional = m(new double[] {0, 1, 2}, new double[] {0, 1.5, 0});
    assertThatThrownBy(() -> Program.compile(picked).run(Bindings.of("x", T).with(idx, fractional)))
        .hasMessage("gather: index 1.5 at [1, 1] of the indices is not an integer");
    Variable v = Variable.of("v", 2);
    assertThatThrownBy(
            () ->
                indexSelect(x, v, 1)
                    .eval(Bindings.of("x", T).with(v, Tensor.vector(0, Double.NaN))))
        .hasMessage("index_select: index NaN at [1] of the indices is not an integer");
    Expr gradient = sum(picked).gradient(x).of(x);
    assertThatThrownBy(() -> gradient.eval(Bindings.of("x", T).with(idx, outOfRange)))
        .hasMessage(
            "scatter_add (in gradients of gather and index_select): index 3 at [1, 1] of the"
                + " indices is out of range for axis 0 of size 3 (valid: -3 to 2)");
    assertThatThrownBy(() -> gather(x, constant(Tensor.vector(0, 1, 2)), 0))
        .hasMessageContaining(
            "gather: the indices [3] must have the shape of [3×3] except along axis 0");
  }

  @Test
  void aHandGradientCheckWithABoundIndexVariableComparesWhereTheIndicesStayIntegers() {
    Variable x = Variable.of("x", 1, 3);
    Variable i = Variable.of("i", 2);
    Expr loss = sum(indexSelect(x, i, 1));
    Bindings at = Bindings.of("x", Tensor.of(Shape.of(1, 3), 1, 2, 3)).with(i, Tensor.vector(2, 2));
    Expr hand = constant(Tensor.of(Shape.of(1, 3), 0, 0, 2));
    GradientCheckReport report =
        GradientCheck.of(loss).withHandDerived(x, hand).withRespectTo(x).at(at);
    assertThat(report.passed()).as("%s", report).isTrue();
  }

  // ---- argmax, argmin ----

  @Test
  void argmaxAndArgminAlongAxesAndOverAll() {
    Tensor t = m(new double[] {1, 5, 5}, new double[] {7, 0, 2}, new double[] {3, 6, 1});
    assertThat(t.argmax(0)).isEqualTo(Tensor.vector(1, 2, 0));
    assertThat(t.argmax(1)).isEqualTo(Tensor.vector(1, 0, 1)); // the first of the tie 5, 5
    assertThat(t.argmin(0)).isEqualTo(Tensor.vector(0, 1, 2));
    assertThat(t.argmin(-1)).isEqualTo(Tensor.vector(0, 1, 2));
    assertThat(t.argmax()).isEqualTo(3);
    assertThat(t.argmin()).isEqualTo(4);
    assertThat(Tensor.vector(1, Double.NaN, 9).argmax()).isEqualTo(1);
    assertThatThrownBy(() -> t.argmax(2)).hasMessage("argmax: axis 2 does not fit shape [3×3]");
  }

  // ---- the language ----

  @Test
  void theLanguageReadsPBeforeAxesAndDdofAfterAListOfAxes() {
    Variable x = Variable.of("x", 3, 3);
    assertThat(Parser.parse("norm(x, 1/0, 1)", x)).isSameAs(norm(x, Double.POSITIVE_INFINITY, 1));
    assertThat(Parser.parse("norm(x, 2, 0)", x)).isSameAs(norm(x, 2, 0));
    assertThat(Parser.parse("norm(x, 1)", x)).isSameAs(norm(x, 1));
    assertThat(Parser.parse("norm(x)", x)).isSameAs(norm(x));
    assertThat(Parser.parse("var(x, 0, 1)", x)).isSameAs(variance(x, 0, 1));
    assertThat(Parser.parse("var(x, [1], 1)", x)).isSameAs(variance(x, List.of(1), 1));
    assertThat(Parser.parse("std(x, [0, 1], 1)", x)).isSameAs(std(x, List.of(0, 1), 1));
    assertThat(Parser.parse("std(x, 1)", x)).isSameAs(std(x, 1));
    assertThat(Parser.parse("prod(x, -1)", x)).isSameAs(prod(x, 1));
    assertThat(Parser.parse("cumsum(x, 0)", x)).isSameAs(cumsum(x, 0));
    assertThat(Parser.parse("gather(x, [[0], [2], [1]], 1)", x))
        .isSameAs(gather(x, constant(Tensor.of(Shape.of(3, 1), 0, 2, 1)), 1));
    assertThat(Parser.parse("index_select(x, [2, 2], 0)", x))
        .isSameAs(indexSelect(x, constant(Tensor.vector(2, 2)), 0));
    assertThatThrownBy(() -> Parser.parse("norm(x, 0)", x))
        .hasMessageStartingWith("norm: p must be 1, 2 or ∞ (written 1/0 in the language), not 0");
    assertThatThrownBy(() -> Parser.parse("var(x, [0], 1, 1)", x))
        .hasMessageStartingWith("var: after a list of axes only ddof may follow");
    assertThatThrownBy(() -> Parser.parse("cumsum(x)", x))
        .hasMessageStartingWith("cumsum takes 1 operand and an axis, but was given 1 arguments");
    assertThatThrownBy(() -> Parser.parse("gather(x, x, 0.5)", x))
        .hasMessageStartingWith("gather: axis must be an integer");
    assertThatThrownBy(() -> Parser.parse("norm(x, x)", x))
        .hasMessageStartingWith("norm: p must be a number, not x");
  }
}

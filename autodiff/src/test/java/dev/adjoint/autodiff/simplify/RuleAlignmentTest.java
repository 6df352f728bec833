package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.gt;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.ones;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.transpose;
import static dev.adjoint.autodiff.Exprs.where;
import static dev.adjoint.autodiff.Exprs.zeros;
import static dev.adjoint.autodiff.UnsimplifiedNodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Transpose;
import dev.adjoint.autodiff.op.Where;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule on shapes where a misaligned axis, broadcast or transpose gives a different value:
 * square and cubic tensors, equal dimensions, broadcast vectors and columns, rank 0 and 1, and no
 * elements. Each row says whether the rule must fire; where it fires, the rewritten expression is
 * evaluated against the original one (the reference) at seeded random points.
 */
class RuleAlignmentTest {
  static final Variable M = Variable.of("M", 3, 3);
  static final Variable N = Variable.of("N", 3, 3);
  static final Variable C = Variable.of("C", 3, 3, 3);
  static final Variable V = Variable.of("v", 3);
  static final Variable COL = Variable.of("col", 3, 1);
  static final Variable S = Variable.of("s");
  static final Variable E = Variable.of("e", 0, 3);
  static final Variable V6 = Variable.of("v6", 6);

  private static final Transpose T = new Transpose(ImmutableList.of(1, 0));

  /**
   * @param fires whether the rule must apply
   */
  record Case(String name, Rule rule, Supplier<Expr> before, boolean fires, Domain domain) {
    @Override
    public String toString() {
      return rule.name() + ": " + name + (fires ? "" : " (must not fire)");
    }
  }

  static Case fires(Rule rule, String name, Supplier<Expr> before) {
    return new Case(name, rule, before, true, Domain.REAL);
  }

  static Case firesPositive(Rule rule, String name, Supplier<Expr> before) {
    return new Case(name, rule, before, true, Domain.POSITIVE);
  }

  static Case refuses(Rule rule, String name, Supplier<Expr> before) {
    return new Case(name, rule, before, false, Domain.REAL);
  }

  /** logsumexp(x, axis) expanded to x's shape as the gradient of logsumexp does it. */
  static Expr keepDims(Expr reduced, Shape full, int axis) {
    int[] kept = full.dims();
    kept[axis] = 1;
    return broadcastTo(reshape(reduced, kept), full);
  }

  /** Class labels 0, 1 or 2 that depend on M and N: Σ of two masks. */
  static Expr labels3x3() {
    return Exprs.add(gt(M, N), gt(M, constant(0)));
  }

  static Stream<Case> cases() {
    Shape m = Shape.of(3, 3);
    Shape c = Shape.of(3, 3, 3);
    return Stream.of(
        // the bug of issue 8: a [3] logsumexp over axis 1 broadcast along the last axis
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, axis 1, broadcast along the wrong axis",
            () -> node(new Exp(), sub(M, broadcastTo(logsumexp(M, 1), 3, 3)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, axis 1, kept dims",
            () -> node(new Exp(), sub(M, keepDims(logsumexp(M, 1), m, 1)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, axis 0, plain broadcast (aligned: leading axis)",
            () -> node(new Exp(), sub(M, broadcastTo(logsumexp(M, 0), 3, 3)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, axis 0, kept dims",
            () -> node(new Exp(), sub(M, keepDims(logsumexp(M, 0), m, 0)))),
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, logsumexp over axis 0 kept as a column",
            () -> node(new Exp(), sub(M, keepDims(logsumexp(M, 0), m, 1)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3×3, axis 1, kept dims",
            () -> node(new Exp(), sub(C, keepDims(logsumexp(C, 1), c, 1)))),
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3×3, axis 1, broadcast along the last axes",
            () -> node(new Exp(), sub(C, broadcastTo(logsumexp(C, 1), 3, 3, 3)))),
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3×3, axis 2, transposed before the broadcast",
            () ->
                node(
                    new Exp(),
                    sub(C, broadcastTo(reshape(transpose(logsumexp(C, 2)), 3, 3, 1), 3, 3, 3)))),
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "3×3, every element",
            () -> node(new Exp(), sub(M, broadcastTo(logsumexp(M), 3, 3)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "rank 1",
            () -> node(new Exp(), sub(V, broadcastTo(logsumexp(V), 3)))),
        refuses(
            Rules.EXP_MINUS_LOGSUMEXP,
            "x broadcast by the subtraction",
            () -> node(new Exp(), sub(V, broadcastTo(logsumexp(M, 1), 3, 3)))),
        fires(
            Rules.EXP_MINUS_LOGSUMEXP,
            "0×3, axis 1",
            () -> node(new Exp(), sub(E, keepDims(logsumexp(E, 1), Shape.of(0, 3), 1)))),
        fires(Rules.EXP_LOG_SOFTMAX, "3×3, axis 0", () -> node(new Exp(), logSoftmax(M, 0))),
        fires(Rules.LOG_SOFTMAX, "3×3, axis 0", () -> node(new Log(), softmax(M, 0))),
        fires(Rules.LOG_SOFTMAX, "3×3, axis 1", () -> node(new Log(), softmax(M, 1))),
        fires(Rules.LOG_SUM_EXP, "3×3, axis 0", () -> node(new Log(), sum(exp(M), 0))),
        fires(Rules.LOG_SUM_EXP, "3×3×3, axis 2", () -> node(new Log(), sum(exp(C), 2))),
        fires(Rules.LOG_SUM_EXP, "3×3, all", () -> node(new Log(), sum(exp(M)))),
        refuses(Rules.LOG_SUM_EXP, "3×3×3, two axes", () -> node(new Log(), sum(exp(C), 0, 2))),
        refuses(Rules.LOG_SUM_EXP, "0×3", () -> node(new Log(), sum(exp(E), 1))),
        // transposes and matrix products on square matrices, where a swapped operand typechecks
        fires(Rules.TRANSPOSE_PRODUCT, "3×3", () -> node(T, matmul(transpose(M), N))),
        fires(
            Rules.PRODUCT_OF_TRANSPOSES,
            "3×3",
            () -> node(new MatMul(), transpose(M), transpose(N))),
        fires(
            Rules.TRANSPOSE_TRANSPOSE,
            "3×3×3 permutations",
            () ->
                node(
                    new Transpose(ImmutableList.of(1, 2, 0)),
                    node(new Transpose(ImmutableList.of(0, 2, 1)), C))),
        fires(Rules.TRANSPOSE_TRANSPOSE, "3×3", () -> node(T, node(T, M))),
        fires(Rules.TRANSPOSE_VECTOR, "column of 3", () -> node(T, reshape(V, 3, 1))),
        refuses(
            Rules.TRANSPOSE_VECTOR,
            "a vector of 6 as 2×3 (a transpose is not a reshape)",
            () -> node(T, reshape(V6, 2, 3))),
        refuses(
            Rules.TRANSPOSE_VECTOR,
            "a vector of 6 as 2×3×1, axes reversed (found by the long fuzz run, seed 343997)",
            () -> node(new Transpose(ImmutableList.of(2, 1, 0)), reshape(V6, 2, 3, 1))),
        fires(
            Rules.MATMUL_VECTOR,
            "3×3 times a column",
            () -> node(new Reshape(ImmutableList.of(3)), matmul(M, reshape(V, 3, 1)))),
        fires(
            Rules.MATMUL_VECTOR,
            "a row times 3×3",
            () -> node(new Reshape(ImmutableList.of(3)), matmul(reshape(V, 1, 3), M))),
        fires(Rules.MATMUL_SCALAR, "3×3", () -> node(new MatMul(), mul(constant(2), M), neg(N))),
        fires(
            Rules.MATMUL_SCALAR,
            "3×3 times a vector",
            () -> node(new MatMul(), neg(M), mul(constant(2), V))),
        refuses(
            Rules.MATMUL_SCALAR,
            "coefficients whose product overflows",
            () -> node(new MatMul(), mul(constant(1e200), M), mul(constant(1e200), N))),
        // reductions
        fires(
            Rules.SUM_BROADCAST,
            "vector to 3×3, all",
            () -> node(new Sum(List.of()), broadcastTo(V, 3, 3))),
        fires(
            Rules.SUM_BROADCAST,
            "scalar to 3×3, axis 1",
            () -> node(new Sum(List.of(1)), broadcastTo(S, 3, 3))),
        refuses(
            Rules.SUM_BROADCAST,
            "vector to 3×3, axis 0",
            () -> node(new Sum(List.of(0)), broadcastTo(V, 3, 3))),
        refuses(
            Rules.SUM_BROADCAST,
            "no elements",
            () -> node(new Sum(List.of()), broadcastTo(E, 2, 0, 3))),
        fires(Rules.SUM_SCALE, "3×3, axis 0", () -> node(new Sum(List.of(0)), mul(constant(2), M))),
        fires(Rules.SUM_SCALE, "3×3, mean, axis 1", () -> node(new Mean(List.of(1)), neg(M))),
        fires(
            Rules.SHAPE_SCALAR,
            "reshape of 3×3",
            () -> node(new Reshape(ImmutableList.of(9)), mul(constant(2), M))),
        fires(
            Rules.SHAPE_SCALAR,
            "broadcast of a column",
            () -> node(new BroadcastTo(ImmutableList.of(3, 3)), mul(constant(2), COL))),
        fires(
            Rules.SHAPE_SCALAR,
            "3×3×3 permutation",
            () -> node(new Transpose(ImmutableList.of(2, 0, 1)), neg(C))),
        // neutral elements that fix the broadcast shape
        fires(
            Rules.ADD_ZERO,
            "column zeros + vector",
            () -> node(new Add(), zeros(Shape.of(3, 1)), V)),
        fires(Rules.SUB_ZERO, "3×3 − scalar 0", () -> node(new Sub(), M, constant(0))),
        fires(
            Rules.MUL_ONE, "vector ⊙ column ones", () -> node(new Mul(), V, ones(Shape.of(3, 1)))),
        fires(
            Rules.MUL_ZERO,
            "vector ⊙ column zeros",
            () -> node(new Mul(), V, zeros(Shape.of(3, 1)))),
        fires(Rules.ADD_ZERO, "0×3", () -> node(new Add(), E, zeros(Shape.of(1, 3)))),
        fires(
            Rules.COLLECT_SCALARS, "3×3", () -> node(new Mul(), constant(2), mul(constant(-3), M))),
        refuses(
            Rules.COLLECT_SCALARS,
            "constants whose product underflows",
            () -> node(new Mul(), constant(1e-200), mul(constant(1e-200), M))),
        // piecewise gradients: masks, operands and values broadcasting in different directions
        fires(
            Rules.MUL_WHERE_ZERO_ELSE,
            "vector ⊙ where(3×3 mask, column, 0)",
            () -> node(new Mul(), V, where(gt(M, N), COL, constant(0)))),
        fires(
            Rules.MUL_WHERE_ZERO_ELSE,
            "3×3×3 ⊙ where(vector mask, 3×3, 0)",
            () -> node(new Mul(), C, where(gt(V, constant(0)), M, zeros(Shape.of(3, 3))))),
        fires(
            Rules.MUL_WHERE_ZERO_THEN,
            "column ⊙ where(vector mask, 0, 3×3)",
            () -> node(new Mul(), COL, where(gt(V, constant(0)), constant(0), M))),
        fires(
            Rules.ADD_WHERE,
            "where(column mask, 3×3, vector) + where(column mask, vector, column)",
            () -> node(new Add(), where(gt(COL, S), M, V), where(gt(COL, S), V, COL))),
        refuses(
            Rules.ADD_WHERE,
            "masks that differ (M > N and N > M)",
            () -> node(new Add(), where(gt(M, N), M, V), where(gt(N, M), V, COL))),
        fires(
            Rules.SUB_WHERE,
            "3×3×3 pieces under a 3×3 mask",
            () -> node(new Sub(), where(gt(M, N), C, V), where(gt(M, N), M, neg(C)))),
        fires(
            Rules.WHERE_SCALAR,
            "where(3×3 mask, 2·vector, 3·column)",
            () -> node(new Where(), gt(M, N), mul(constant(2), V), mul(constant(3), COL))),
        refuses(
            Rules.WHERE_SCALAR,
            "the other value has no scalar coefficient",
            () -> node(new Where(), gt(M, N), mul(constant(2), V), COL)),
        refuses(
            Rules.WHERE_SCALAR,
            "coefficients whose quotient underflows",
            () -> node(new Where(), gt(M, N), mul(constant(1e200), V), mul(constant(1e-200), COL))),
        fires(
            Rules.SUM_ONE_HOT,
            "3×3 labels, 3 classes, summed over the class axis",
            () -> node(new Sum(List.of(2)), oneHot(labels3x3(), 3))),
        refuses(
            Rules.SUM_ONE_HOT,
            "3×3 labels, 3 classes, summed over axis 1 (not the class axis)",
            () -> node(new Sum(List.of(1)), oneHot(labels3x3(), 3))),
        refuses(
            Rules.SUM_ONE_HOT,
            "3×3 labels, 3 classes, summed over axis 0",
            () -> node(new Sum(List.of(0)), oneHot(labels3x3(), 3))),
        refuses(
            Rules.SUM_ONE_HOT,
            "summed over two axes, the class axis among them",
            () -> node(new Sum(List.of(1, 2)), oneHot(labels3x3(), 3))),
        fires(
            Rules.FACTOR_SCALAR,
            "0.5·vector − 0.5·3×3",
            () -> node(new Sub(), mul(constant(0.5), V), mul(constant(0.5), M))),
        fires(
            Rules.FACTOR_SCALAR,
            "0.5·column + 0.5·vector",
            () -> node(new Add(), mul(constant(0.5), COL), mul(constant(0.5), V))),
        refuses(
            Rules.FACTOR_SCALAR,
            "different coefficients",
            () -> node(new Sub(), mul(constant(0.5), M), mul(constant(0.25), N))),
        // canonical forms over broadcasting operands
        fires(
            Rules.CANONICAL_SUM,
            "column + vector + 3×3",
            () -> node(new Add(), Exprs.add(COL, V), M)),
        fires(
            Rules.CANCEL_TERMS, "vector + 3×3 − vector", () -> node(new Sub(), Exprs.add(V, M), V)),
        fires(
            Rules.CANONICAL_PRODUCT,
            "column ⊙ vector ⊙ 3×3",
            () -> node(new Mul(), mul(M, V), COL)),
        firesPositive(
            Rules.CANCEL_FACTORS,
            "column ⊙ 3×3 / column",
            () -> node(new Mul(), COL, Exprs.div(M, COL))),
        refuses(
            Rules.CANONICAL_PRODUCT,
            "x / x cancels: not this rule's",
            () -> node(new Mul(), COL, Exprs.div(M, COL))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theRuleKeepsTheValueOnAmbiguousShapes(Case c) {
    Expr before = c.before().get();
    var after = c.rule().apply(before);
    assertThat(after.isPresent())
        .as("%s fires on %s", c.rule().name(), before)
        .isEqualTo(c.fires());
    if (after.isPresent()) {
      assertThat(after.get().shape()).isEqualTo(before.shape());
      RandomPoints.assertSameValues(before, after.get(), c.domain(), 10, c.toString().hashCode());
    }
  }

  @Test
  void everyRuleOfTheStandardPhasesIsCheckedOnAmbiguousShapesHereOrInRulesTest() {
    var here = cases().map(c -> c.rule().name()).toList();
    var there = RulesTest.cases().map(c -> c.rule().name()).toList();
    for (Rule rule : Rules.all()) {
      assertThat(here.contains(rule.name()) || there.contains(rule.name()))
          .as(rule.name())
          .isTrue();
    }
  }

  /** Issue 8's example: the gradient through exp(x − logsumexp(x, 1)) on a 3×3 input. */
  @Test
  void theGradientOfTheIssueExampleIsPyTorchs() {
    Variable x = Variable.of("x", 3, 3);
    Variable w = Variable.of("w", 3, 3);
    Expr f = sum(mul(exp(sub(x, logsumexp(x, 1))), w));
    Bindings at =
        Bindings.of()
            .with(x, Tensor.of(Shape.of(3, 3), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 10}))
            .with(w, Tensor.of(Shape.of(3, 3), new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0}));
    Tensor simplified = Gradients.of(f, x).of(x).eval(at);
    Tensor raw = Gradients.raw(f, x).of(x).eval(at);
    assertThat(simplified.isCloseTo(raw, 1e-12, 1e-12)).as("%s vs %s", simplified, raw).isTrue();
    // PyTorch, float64: row 2 of ∂f/∂x
    double[] pytorch = {-0.4426, -1.2030, -3.2545};
    for (int j = 0; j < 3; j++) {
      assertThat(simplified.getFlat(3 + j))
          .isCloseTo(pytorch[j], org.assertj.core.data.Offset.offset(1e-4));
    }
  }
}

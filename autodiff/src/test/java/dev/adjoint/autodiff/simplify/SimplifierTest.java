package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.cos;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.pow;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static dev.adjoint.autodiff.Exprs.transpose;
import static dev.adjoint.autodiff.Exprs.zeros;
import static dev.adjoint.autodiff.simplify.Simplifier.simplify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimplifierTest {

  @Test
  void tensorsWithNoElementsSimplifyWithoutError() {
    dev.adjoint.autodiff.Variable empty = dev.adjoint.autodiff.Variable.of("empty", 0, 3);
    dev.adjoint.autodiff.Expr e =
        dev.adjoint.autodiff.Exprs.sub(
            dev.adjoint.autodiff.Constant.of(dev.adjoint.autodiff.Tensor.zeros(0, 3)), empty);

    org.assertj.core.api.Assertions.assertThat(Simplifier.simplify(e).shape())
        .isEqualTo(empty.shape());
  }

  static final Variable A = Variable.of("a", 3);
  static final Variable B = Variable.of("b", 3);
  static final Variable C = Variable.of("c", 3);
  static final Variable Z = Variable.of("z", 2, 3);
  static final Variable S = Variable.of("s");
  static final Variable M = Variable.of("M", 3, 3);

  // ---- canonical form: trivially equivalent formulas become one node ----

  @Test
  void sigmoidDerivativeInEitherOrderIsOneNode() {
    Expr s = sigmoid(Z);
    Expr left = mul(s, sub(constant(1), s));
    Expr right = mul(sub(constant(1), s), s);
    assertThat(left).isNotSameAs(right);
    assertThat(simplify(left)).isSameAs(simplify(right));
  }

  @Test
  void scalarFactorsAreCollectedInFront() {
    Expr first = mul(mul(constant(2), A), B);
    Expr second = mul(B, mul(A, constant(2)));
    assertThat(simplify(first)).isSameAs(simplify(second));
    assertThat(simplify(second).toString()).isEqualTo("2 * a * b");
    // left-deep with the coefficient first, so that an exact-tree printer needs no parentheses
    assertThat(simplify(second)).isSameAs(mul(mul(constant(2), A), B));
    assertThat(simplify(div(mul(B, constant(3)), mul(A, C))))
        .isSameAs(div(mul(constant(3), B), mul(A, C)));
    assertThat(simplify(mul(constant(2), mul(constant(3), A))).toString()).isEqualTo("6 * a");
  }

  @Test
  void sumsInAnyOrderAndGroupingAreOneNode() {
    Expr first = add(add(A, B), C);
    Expr second = add(C, add(B, A));
    assertThat(simplify(first)).isSameAs(simplify(second));
    assertThat(simplify(first).toString()).isEqualTo("a + b + c");
  }

  @Test
  void likeTermsCombineAndCancel() {
    assertThat(simplify(add(sub(A, B), B))).isSameAs(A);
    assertThat(simplify(add(A, add(A, mul(constant(3), A)))).toString()).isEqualTo("5 * a");
    assertThat(simplify(sub(mul(A, B), mul(B, A)))).isSameAs(zeros(Shape.of(3)));
    assertThat(simplify(neg(sub(A, B))).toString()).isEqualTo("b - a");
  }

  @Test
  void equalFactorsBecomePowersAndCancel() {
    assertThat(simplify(mul(A, A)).toString()).isEqualTo("square(a)");
    assertThat(simplify(mul(mul(A, B), A)).toString()).isEqualTo("square(a) * b");
    assertThat(simplify(div(mul(A, B), A))).isSameAs(B);
    assertThat(simplify(mul(square(A), A)).toString()).isEqualTo("a^3");
  }

  @Test
  void transposesCancelThroughProducts() {
    Expr product = transpose(matmul(transpose(M), Z.transpose()));
    assertThat(simplify(product).toString()).isEqualTo("z @ M");
  }

  @Test
  void stabilizesLogOfSigmoid() {
    Expr loss = sum(log(sigmoid(A)));
    assertThat(simplify(loss).toString()).isEqualTo("-sum(softplus(-a))");
  }

  @Test
  void leavesSimplestFormsAlone() {
    for (Expr e : List.of(A, S, sigmoid(Z), add(A, B), mul(constant(2), A), sub(A, B))) {
      assertThat(simplify(e)).isSameAs(e);
    }
  }

  @Test
  void sharedSubexpressionsOfSeveralRootsStayShared() {
    Expr shared = add(mul(sin(A), constant(1)), mul(B, constant(0)));
    List<Expr> out = Simplifier.standard().apply(List.of(tanh(shared), cos(shared)));
    assertThat(out.get(0).input(0)).isSameAs(sin(A)).isSameAs(out.get(1).input(0));
  }

  @Test
  void aSharedProductIsNotFlattenedIntoEachUse() {
    Expr shared = mul(sin(A), cos(B));
    List<Expr> out = Simplifier.standard().apply(List.of(mul(shared, C), mul(shared, tanh(C))));
    Expr canonical = simplify(shared);
    assertThat(out.get(0).inputs()).contains(canonical);
    assertThat(out.get(1).inputs()).contains(canonical);
    // alone, the same product is flattened into its one use
    assertThat(simplify(mul(shared, C)).inputs()).doesNotContain(canonical);
  }

  // ---- no recursion over depth ----

  @Test
  void simplifiesAMillionNodeChainWithoutOverflow() {
    Expr chain = S;
    for (int i = 0; i < 1_000_000; i++) {
      chain = i % 2 == 0 ? sin(chain) : cos(chain);
    }
    Expr top = log(exp(chain)); // 1,000,003 nodes
    assertThat(simplify(top)).isSameAs(chain);
  }

  @Test
  void rebuildsADeepChainRewrittenAtEveryLevel() {
    Expr chain = S;
    Expr expected = S;
    for (int i = 0; i < 50_000; i++) {
      chain = sin(log(exp(chain)));
      expected = sin(expected);
    }
    assertThat(simplify(chain)).isSameAs(expected);
  }

  @Test
  void simplifiesALongSumInLinearTime() {
    Expr sum = S;
    for (int i = 0; i < 20_000; i++) {
      sum = add(sum, mul(Variable.of("v" + (i % 100)), constant(1)));
    }
    Expr simplified = simplify(sum);
    Bindings at = Bindings.of("s", Tensor.scalar(1));
    for (int i = 0; i < 100; i++) {
      at = at.with("v" + i, Tensor.scalar(i));
    }
    double expected = 1 + 200 * (99 * 100 / 2.0);
    assertThat(simplified.eval(at).item()).isEqualTo(expected);
  }

  // ---- never a different value or shape ----

  static IntStream seeds() {
    return IntStream.range(0, 500);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomExpressionsKeepTheirValueAndShape(int seed) {
    Random random = new Random(seed);
    Expr e = RandomExpressions.generate(random, 6);
    Expr simplified = simplify(e);
    assertThat(simplified.shape()).isEqualTo(e.shape());
    RandomPoints.assertSameValues(e, simplified, Domain.REAL, 3, seed);
    assertThat(simplify(simplified)).as("idempotent on %s", e).isSameAs(simplified);
  }

  // ---- the machinery ----

  @Test
  void customPhasesRunInOrder() {
    Rule aToB = Rule.named("a-to-b").procedural("a").to("b", m -> m.node() == A ? B : null);
    Simplifier simplifier = Simplifier.of(Phase.of("rename", aToB));
    assertThat(simplifier.apply(add(sin(A), C))).isSameAs(add(sin(B), C));
    assertThat(simplifier.phases()).extracting(Phase::name).containsExactly("rename");
  }

  @Test
  void aRuleThatChangesTheShapeIsReported() {
    Rule broken = Rule.named("broken").procedural("a").to("s", m -> m.node() == A ? S : null);
    assertThatThrownBy(() -> Simplifier.of(Phase.of("p", broken)).apply(sin(A)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broken")
        .hasMessageContaining("[3]");
  }

  @Test
  void rulesThatNeverSettleStopWithTheExpressionSoFar() {
    Rule flip =
        Rule.named("flip")
            .procedural("a")
            .to("b", m -> m.node() == A ? B : m.node() == B ? A : null);
    Expr result = Simplifier.of(Phase.of("p", flip)).apply(sin(A));
    assertThat(result).isIn(sin(A), sin(B));
  }

  @Test
  void powersWithNonIntegerExponentsAreNotMerged() {
    Expr root = pow(square(A), constant(0.5));
    assertThat(simplify(root)).isSameAs(root);
  }

  @Test
  void bigBroadcastZerosAreZeros() {
    Variable big = Variable.of("big", 300, 300);
    Expr zeros = dev.adjoint.autodiff.Exprs.broadcastTo(constant(0), 300, 300);
    Expr product = tanh(big).times(zeros);
    assertThat(simplify(add(big, product))).isSameAs(big);
  }

  // ---- the contract ----

  @Test
  void theValuePreservingSimplifierKeepsANaNThatTheStandardOneExtendsAway() {
    Variable y = Variable.of("y");
    Expr e = mul(sub(y, y), log(y)); // NaN at y = 0 as written
    Bindings atZero = Bindings.of().with(y, Tensor.scalar(0));
    Expr kept = Simplifier.valuePreserving().apply(e);
    assertThat(kept.eval(atZero).item()).isNaN();
    assertThat(simplify(e).eval(atZero).item()).isEqualTo(0.0);
  }

  @Test
  void theDomainExtendingRulesAreTheNamedOnes() {
    assertThat(Rules.domainExtending())
        .extracting(Rule::name)
        .containsExactlyInAnyOrder(
            "mul-zero",
            "zero-div",
            "sub-self",
            "div-self",
            "cancel-terms",
            "cancel-factors",
            "cancel-by-distributing",
            "expand-if-shorter",
            "mul-where-zero-else",
            "mul-where-zero-then",
            "sum-one-hot");
    assertThat(Simplifier.valuePreserving().phases())
        .allSatisfy(p -> assertThat(p.rules()).noneMatch(Rule::extendsDomain));
  }

  @Test
  void theSimplifiedGradientOfAScalarChainSharesTheForwardNodes() {
    int steps = 200;
    Variable x0 = Variable.of("x0");
    Variable a = Variable.of("a");
    Variable b = Variable.of("b");
    Expr x = x0;
    for (int i = 0; i < steps; i++) {
      x = add(mul(sin(x), a), b);
    }
    Gradients raw = Gradients.raw(x, x0, a, b);
    List<Expr> gradients = List.of(raw.of(x0), raw.of(a), raw.of(b));
    List<Expr> simplified = Simplifier.standard().apply(gradients, x);
    List<Expr> program = new java.util.ArrayList<>(simplified);
    program.add(x);
    List<Expr> rawProgram = new java.util.ArrayList<>(gradients);
    rawProgram.add(x);
    int nodes = Graph.topologicalOrder(program).size();
    // backprop's graph has 9 nodes per link (3 forward, 6 backward); the simplified one no more
    assertThat(Graph.topologicalOrder(rawProgram).size()).isBetween(9 * steps, 9 * steps + 20);
    assertThat(nodes)
        .as("nodes of loss and simplified gradients")
        .isLessThanOrEqualTo(9 * steps + 20);
    Bindings at =
        Bindings.of()
            .with(x0, Tensor.scalar(0.3))
            .with(a, Tensor.scalar(0.9))
            .with(b, Tensor.scalar(0.1));
    for (int i = 0; i < 3; i++) {
      assertThat(simplified.get(i).eval(at).isCloseTo(gradients.get(i).eval(at), 1e-12, 1e-12))
          .isTrue();
    }
  }

  @Test
  void keptNodesStayAsWritten() {
    Expr loss = sum(mul(sin(A), B));
    Gradients raw = Gradients.raw(loss, A);
    Expr g = Simplifier.standard().apply(List.of(raw.of(A)), loss).get(0);
    // the loss's product sin(a) ⊙ b would be reordered to b ⊙ sin(a); kept, it is not
    assertThat(Graph.topologicalOrder(List.of(g))).doesNotContain(mul(B, sin(A)));
  }

  @Test
  void aSpentBudgetReturnsTheExpressionSoFar() {
    // x + c → (x + (c + 1)) − 1 never settles: each rewrite makes a new sum to rewrite
    Rule shift =
        Rule.named("shift")
            .procedural("x + c", dev.adjoint.autodiff.op.Add.class)
            .when("c is a scalar constant", m -> Patterns.isScalarConstant(m.node().input(1)))
            .to(
                "(x + (c + 1)) − 1",
                m ->
                    sub(
                        add(
                            m.node().input(0),
                            constant(Patterns.scalarValue(m.node().input(1)) + 1)),
                        constant(1)));
    Expr e = add(S, constant(2));
    Expr result = Simplifier.of(Phase.of("p", shift)).apply(e);
    Bindings at = Bindings.of().with(S, Tensor.scalar(0.5));
    assertThat(result).isNotSameAs(e);
    assertThat(result.eval(at).item()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
  }
}

package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExprTest {
  private static final Variable X = Variable.of("x", 2, 3);
  private static final Variable W = Variable.of("W", 1, 2);

  @Test
  void structurallyEqualExpressionsAreOneNode() {
    Expr a = sigmoid(W.matmul(X)).minus(1.0);
    Expr b = sigmoid(W.matmul(X)).minus(1.0);
    assertThat(a).isSameAs(b);
    assertThat(Variable.of("x", 2, 3)).isSameAs(X);
    assertThat(Variable.of("x", 3)).isNotSameAs(X).isNotEqualTo(X);
    assertThat(constant(Tensor.vector(1, 2))).isSameAs(constant(Tensor.vector(1, 2)));
    assertThat(constant(0.0)).isNotSameAs(constant(-0.0));
    assertThat(sin(X).hashCode()).isEqualTo(sin(X).hashCode());
  }

  @Test
  void internedFromTwoThreadsIsStillOneNode() throws InterruptedException {
    ConcurrentHashMap<Integer, Expr> seen = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int t = 0; t < 2; t++) {
      int thread = t;
      pool.submit(
          () -> {
            Expr e = X;
            for (int i = 0; i < 200; i++) {
              e = sin(e).times(1.5);
            }
            seen.put(thread, e);
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.get(0)).isSameAs(seen.get(1));
  }

  @Test
  void cheapIdentitiesAreAppliedAsNodesAreBuilt() {
    assertThat(X.times(1.0)).isSameAs(X);
    assertThat(mul(constant(1), X)).isSameAs(X);
    assertThat(X.plus(0.0)).isSameAs(X);
    assertThat(add(constant(0), X)).isSameAs(X);
    assertThat(X.minus(0.0)).isSameAs(X);
    assertThat(X.div(1.0)).isSameAs(X);
    assertThat(X.pow(1.0)).isSameAs(X);
    assertThat(neg(neg(X))).isSameAs(X);
    assertThat(X.transpose().transpose()).isSameAs(X);
    assertThat(X.reshape(3, 2).reshape(2, 3)).isSameAs(X);
    // a zero that would broadcast the result is kept
    Expr widened = Variable.of("v", 3).plus(Exprs.zeros(Shape.of(2, 3)));
    assertThat(widened.shape()).isEqualTo(Shape.of(2, 3));
  }

  @Test
  void constantsFoldButLargeOnesAreLeftToEvaluation() {
    Expr folded = constant(2).times(constant(Tensor.vector(1, 2))).plus(1.0);
    assertThat(folded).isInstanceOf(Constant.class);
    assertThat(((Constant) folded).tensor()).isEqualTo(Tensor.vector(3, 5));
    Expr big = Exprs.exp(constant(Tensor.zeros(1 << 17)));
    assertThat(big.isConstant()).isFalse();
    assertThat(big.eval().isAll(1)).isTrue();
  }

  @Test
  void accessorsAndFluentMethods() {
    Expr e = W.matmul(X);
    assertThat(e.op()).isInstanceOf(dev.adjoint.autodiff.op.MatMul.class);
    assertThat(e.inputs()).containsExactly(W, X);
    assertThat(e.input(1)).isSameAs(X);
    assertThat(e.shape()).isEqualTo(Shape.of(1, 3));
    assertThat(X.sum().shape()).isEqualTo(Shape.scalar());
    assertThat(X.negate()).isSameAs(neg(X));
    assertThat(X.pow(X).shape()).isEqualTo(X.shape());
    assertThat(X.minus(X).div(X).times(X).plus(X).shape()).isEqualTo(X.shape());
    assertThatThrownBy(() -> e.inputs().add(X)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(constant(3).eval()).isEqualTo(Tensor.scalar(3));
  }

  @Test
  void nullInputsAreNamed() {
    assertThatThrownBy(() -> Expr.apply(new dev.adjoint.autodiff.op.Add(), X, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("input 1 of + is null");
  }

  @Test
  void topologicalOrderPutsInputsFirstAndSharedNodesOnce() {
    Expr s = sigmoid(W.matmul(X));
    Expr e = s.times(s.minus(1.0)).sum();
    List<Expr> order = Graph.topologicalOrder(List.of(e, s));
    assertThat(order).doesNotHaveDuplicates().endsWith(e).contains(s, W, X);
    for (int i = 0; i < order.size(); i++) {
      for (Expr input : order.get(i).inputs()) {
        assertThat(order.indexOf(input)).isLessThan(i);
      }
    }
    assertThat(Graph.topologicalOrder(List.of(e, s))).isEqualTo(order);
    assertThat(Graph.size(e)).isEqualTo(order.size());
    assertThat(order.get(0)).isSameAs(W); // inputs are visited left to right
  }

  @Test
  void doubleOverloadsBuildTheSameNodesAsConstants() {
    assertThat(X.le(0.5)).isSameAs(Exprs.le(X, constant(0.5)));
    assertThat(X.gt(0)).isSameAs(Exprs.gt(X, constant(0)));
    assertThat(X.ge(1)).isSameAs(Exprs.ge(X, constant(1)));
    assertThat(X.lt(-1)).isSameAs(Exprs.lt(X, constant(-1)));
    assertThat(X.eq(2)).isSameAs(Exprs.eq(X, constant(2)));
    assertThat(X.le(W.reshape(2, 1))).isSameAs(Exprs.le(X, W.reshape(2, 1)));
    assertThat(X.times(2)).isSameAs(mul(constant(2), X)).isSameAs(Exprs.mul(2, X));
    assertThat(X.plus(1)).isSameAs(add(X, constant(1))).isSameAs(Exprs.add(X, 1));
    assertThat(X.minus(1)).isSameAs(Exprs.sub(X, 1));
    assertThat(Exprs.sub(1, X)).isSameAs(Exprs.sub(constant(1), X));
    assertThat(X.div(4)).isSameAs(Exprs.div(X, 4));
    assertThat(X.mean()).isSameAs(Exprs.mean(X));
  }

  @Test
  void softmaxAndLogSoftmaxDefaultToTheLastAxisAsInTheLanguage() {
    Variable cube = Variable.of("c", 3, 3, 3);
    assertThat(Exprs.softmax(cube))
        .isSameAs(Exprs.softmax(cube, 2))
        .isNotSameAs(Exprs.softmax(cube, 1));
    assertThat(Exprs.logSoftmax(cube)).isSameAs(Exprs.logSoftmax(cube, 2));
    assertThat(Exprs.softmax(cube))
        .isSameAs(dev.adjoint.autodiff.parse.Parser.parse("softmax(c)", cube));
  }
}

package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.simplify.Simplifier;
import org.junit.jupiter.api.Test;

/** Zeros and ones of large shapes stay symbolic: identities never materialise big tensors. */
class LargeZerosTest {
  private final Variable x = Variable.of("x", 1000, 1000);

  @Test
  void timesZeroSimplifiesToABroadcastScalarNotAMillionElementConstant() {
    Expr zero = Simplifier.simplify(x.times(0));

    assertThat(zero).isNotInstanceOf(Constant.class);
    assertThat(Exprs.isZero(zero)).isTrue();
    assertThat(zero.shape()).isEqualTo(x.shape());
    assertThat(zero.eval().isAllZero()).isTrue();
    assertThat(Exprs.zeros(x.shape())).isNotInstanceOf(Constant.class);
  }

  @Test
  void gradientOfASumOverALargeVariableIsBroadcastOne() {
    Expr g = Exprs.sum(x).gradient(x).of(x);

    assertThat(Exprs.isOne(g)).isTrue();
    assertThat(Graph.size(g)).isLessThanOrEqualTo(2);
    assertThat(g.eval(Bindings.of("x", Tensor.zeros(1000, 1000))).isAll(1)).isTrue();
  }

  @Test
  void smallZerosAreConstants() {
    assertThat(Exprs.zeros(Shape.of(2, 3))).isInstanceOf(Constant.class);
  }
}

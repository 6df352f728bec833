package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backprop, compilation, evaluation and printing are iterative: deep chains neither overflow the
 * stack nor take more than a few seconds.
 */
class DeepGraphTest {

  @Test
  void millionNodeAffineChainDifferentiatesAndEvaluates() {
    int links = 500_000; // two nodes each: a product and a sum
    double a = 1.0000001;
    double b = 1e-7;
    Variable x = Variable.of("x");
    Expr e = x;
    for (int i = 0; i < links; i++) {
      e = e.times(Exprs.constant(a)).plus(b);
    }
    Expr gradient = e.gradient(x).of(x);
    Program program = Program.compile(e, gradient);
    assertThat(program.size()).isGreaterThanOrEqualTo(2 * links);
    List<Tensor> values = program.run(Bindings.of("x", Tensor.scalar(0.5)));

    double v = 0.5;
    double d = 1;
    for (int i = 0; i < links; i++) {
      v = v * a + b;
      d *= a;
    }
    assertThat(values.get(0).item()).isEqualTo(v);
    assertThat(values.get(1).item()).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(e.toString()).contains("…");
  }

  @Test
  void deepSinChainHasADeepGradientThatEvaluates() {
    int length = 100_000;
    Variable x = Variable.of("x");
    Expr e = x;
    for (int i = 0; i < length; i++) {
      e = Exprs.sin(e);
    }
    Expr gradient = e.gradient(x).of(x);
    Program program = Program.compile(e, gradient);
    List<Tensor> values = program.run(Bindings.of("x", Tensor.scalar(0.5)));

    // the chain rule by hand: d ← d·cos v, v ← sin v
    double v = 0.5;
    double d = 1;
    for (int i = 0; i < length; i++) {
      d *= Math.cos(v);
      v = Math.sin(v);
    }
    assertThat(values.get(0).item()).isEqualTo(v);
    assertThat(values.get(1).item()).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-12 * d));
    assertThat(program.size()).isGreaterThanOrEqualTo(3 * length);
    assertThat(e.toString()).startsWith("sin(sin(").contains("…");
  }
}

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
    int links = 1_000_000; // a sum each, and every 100th also a product
    double a = 1.0001;
    double b = 1e-7;
    Variable x = Variable.of("x");
    Expr e = x;
    for (int i = 0; i < links; i++) {
      e = i % 100 == 0 ? e.times(Exprs.constant(a)).plus(b) : e.plus(b);
    }
    Expr gradient = e.gradient(x).of(x);
    Program program = Program.compile(e, gradient);
    assertThat(program.size()).isGreaterThanOrEqualTo(links);
    List<Tensor> values = program.run(Bindings.of("x", Tensor.scalar(0.5)));

    double v = 0.5;
    double d = 1;
    for (int i = 0; i < links; i++) {
      if (i % 100 == 0) {
        v = v * a + b;
        d *= a;
      } else {
        v = v + b;
      }
    }
    assertThat(values.get(0).item()).isEqualTo(v);
    assertThat(values.get(1).item()).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-12 * d));
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

package dev.adjoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both benchmark methods run outside JMH and give gradients equal to backprop's. */
class SimplifyBenchmarkTest {

  @Test
  void simplifiedGradientsEqualTheRawOnes() {
    SimplifyBenchmark benchmark = new SimplifyBenchmark();
    benchmark.steps = 50;
    benchmark.setUp();
    ScalarChain chain = new ScalarChain(50);
    Bindings at =
        Bindings.of()
            .with(chain.start, Tensor.scalar(chain.values[0]))
            .with(chain.a, Tensor.scalar(chain.values[1]))
            .with(chain.b, Tensor.scalar(chain.values[2]));
    List<Expr> raw =
        List.of(
            chain.gradients.of(chain.start),
            chain.gradients.of(chain.a),
            chain.gradients.of(chain.b));
    for (List<Expr> simplified : List.of(benchmark.standard(), benchmark.keepingTheLoss())) {
      for (int i = 0; i < 3; i++) {
        assertThat(simplified.get(i).eval(at).isCloseTo(raw.get(i).eval(at), 1e-12, 1e-12))
            .isTrue();
      }
    }
  }
}

package dev.adjoint.autodiff.simplify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;
import java.util.Random;

/** Evaluates two expressions at the same seeded random points and compares them. */
final class RandomPoints {
  private RandomPoints() {}

  /** Values for every variable of the expressions, drawn from {@code domain}. */
  static Bindings sample(List<Expr> exprs, Domain domain, Random random) {
    Bindings b = Bindings.of();
    for (Expr node : Graph.topologicalOrder(exprs)) {
      if (node instanceof Variable v) {
        b = b.with(v, domain.sample(v.shape(), random));
      }
    }
    return b;
  }

  /** Asserts that {@code a} and {@code b} agree (to rounding) at {@code points} random points. */
  static void assertSameValues(Expr a, Expr b, Domain domain, int points, long seed) {
    assertThat(b.shape()).isEqualTo(a.shape());
    Random random = new Random(seed);
    Program pa = Program.compile(a);
    Program pb = Program.compile(b);
    for (int i = 0; i < points; i++) {
      Bindings at = sample(List.of(a, b), domain, random);
      Tensor va = pa.run(at).get(0);
      Tensor vb = pb.run(at).get(0);
      assertThat(vb.isCloseTo(va, 1e-9, 1e-12))
          .as("%s = %s but %s = %s at %s", a, va, b, vb, at)
          .isTrue();
    }
  }
}

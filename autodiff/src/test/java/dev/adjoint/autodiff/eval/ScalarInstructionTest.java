package dev.adjoint.autodiff.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scalar fast path computes exactly what the ops' kernels compute: a finite-checking program
 * (which runs every kernel) and a plain one give the same bits on random scalar graphs.
 */
class ScalarInstructionTest {
  private static final List<UnaryOperator<Expr>> UNARY =
      List.of(
          Exprs::neg,
          Exprs::sin,
          Exprs::cos,
          Exprs::tanh,
          Exprs::sigmoid,
          Exprs::square,
          e -> Exprs.exp(Exprs.neg(Exprs.square(e))),
          e -> Exprs.log(Exprs.add(Exprs.square(e), Exprs.constant(1))));
  private static final List<BinaryOperator<Expr>> BINARY =
      List.of(
          Exprs::add,
          Exprs::sub,
          Exprs::mul,
          (a, b) -> Exprs.div(a, Exprs.add(Exprs.square(b), Exprs.constant(1))));

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void fastPathMatchesKernelsBitForBit(long seed) {
    Random random = new Random(seed);
    Variable x = Variable.of("x");
    Variable y = Variable.of("y");
    List<Expr> pool = new ArrayList<>(List.of(x, y));
    for (int i = 0; i < 60; i++) {
      Expr a = pool.get(random.nextInt(pool.size()));
      Expr b = pool.get(random.nextInt(pool.size()));
      pool.add(
          random.nextBoolean()
              ? UNARY.get(random.nextInt(UNARY.size())).apply(a)
              : BINARY.get(random.nextInt(BINARY.size())).apply(a, b));
    }
    Expr loss = Exprs.tanh(pool.get(pool.size() - 1));
    List<Expr> outputs = new ArrayList<>(loss.gradient(x, y).list());
    outputs.add(0, loss);
    Bindings at =
        Bindings.of(
            "x", Tensor.scalar(random.nextGaussian()), "y", Tensor.scalar(random.nextGaussian()));

    List<Tensor> fast = Program.compile(outputs).run(at);
    List<Tensor> kernels = Program.compile(outputs).checkingFinite().run(at);

    assertThat(fast).isEqualTo(kernels);
  }
}

package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.pow;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;
import static dev.adjoint.autodiff.Exprs.transpose;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import java.util.List;
import java.util.Random;

/**
 * Random expressions over a few variables of shapes [3], [2×3] and [], whose values stay bounded
 * (divisors are at least 1, exponentials and logarithms are guarded), for property tests.
 */
final class RandomExpressions {
  private static final List<Variable> LEAVES =
      List.of(
          Variable.of("x", 2, 3), Variable.of("y", 2, 3), Variable.of("u", 3), Variable.of("s"));
  private static final double[] CONSTANTS = {0, 1, -1, 2, 0.5, 3};

  private RandomExpressions() {}

  /** A random expression of at most {@code depth} levels. */
  static Expr generate(Random random, int depth) {
    if (depth == 0 || random.nextInt(6) == 0) {
      return random.nextInt(4) == 0
          ? constant(CONSTANTS[random.nextInt(CONSTANTS.length)])
          : LEAVES.get(random.nextInt(LEAVES.size()));
    }
    Expr a = generate(random, depth - 1);
    Expr b = generate(random, depth - 1);
    return switch (random.nextInt(16)) {
      case 0, 1 -> add(a, b);
      case 2, 3 -> sub(a, b);
      case 4, 5, 6 -> mul(a, b);
      case 7 -> div(a, add(constant(1), square(b)));
      case 8 -> neg(a);
      case 9 -> square(tanh(a));
      case 10 -> pow(tanh(a), constant(3));
      case 11 -> log(sigmoid(a));
      case 12 -> exp(tanh(a));
      case 13 -> log(add(constant(1), square(a)));
      case 14 ->
          a.shape().rank() == 2
              ? transpose(mul(transpose(a), transpose(LEAVES.get(1))))
              : sigmoid(a);
      default ->
          a.shape().rank() == 2
              ? matmul(matmul(a, transpose(LEAVES.get(1))), LEAVES.get(0))
              : mul(sum(a), b);
    };
  }
}

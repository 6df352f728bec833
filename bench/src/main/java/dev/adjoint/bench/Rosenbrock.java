package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.Random;

/**
 * The extended Rosenbrock function of {@code x[n]}, {@code n} even: {@code f = Σᵢ 100(x₂ᵢ₊₁ −
 * x₂ᵢ²)² + (1 − x₂ᵢ)²}, written over the pairs {@code reshape(x, n/2, 2)}, with its hand-written
 * value and gradient.
 */
final class Rosenbrock {
  final int n;
  final Variable point;
  final Expr loss;
  final Expr gradient;
  final double[] x;

  Rosenbrock(int n, long seed) {
    this.n = n;
    point = Variable.of("x", n);
    Expr pairs = reshape(point, n / 2, 2);
    Expr even = slice(pairs, Index.all(), Index.at(0));
    Expr odd = slice(pairs, Index.all(), Index.at(1));
    loss = sum(square(sub(odd, square(even))).times(100).plus(square(sub(constant(1), even))));
    gradient = Gradients.of(loss, point).of(point);
    x = Tensor.randomNormal(Shape.of(n), new Random(seed)).toArray();
  }

  Program valueProgram() {
    return Program.compile(loss);
  }

  Program valueAndGradientProgram() {
    return Program.compile(loss, gradient);
  }

  /** The value, by a plain loop. */
  static double value(double[] x) {
    double f = 0;
    for (int i = 0; i < x.length; i += 2) {
      double d = x[i + 1] - x[i] * x[i];
      double e = 1 - x[i];
      f += 100 * d * d + e * e;
    }
    return f;
  }

  /** The value, and the gradient written into {@code g}, by a plain loop. */
  static double valueAndGradient(double[] x, double[] g) {
    double f = 0;
    for (int i = 0; i < x.length; i += 2) {
      double d = x[i + 1] - x[i] * x[i];
      double e = 1 - x[i];
      f += 100 * d * d + e * e;
      g[i] = -400 * d * x[i] - 2 * e;
      g[i + 1] = 200 * d;
    }
    return f;
  }
}

package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;

/**
 * A stack of (expression, weight) pairs without boxing, for the walks that flatten sums (weight =
 * sign) and products (weight = exponent).
 */
final class WeightedStack {
  private Expr[] exprs = new Expr[16];
  private double[] weights = new double[16];
  private int size;

  void push(Expr e, double weight) {
    if (size == exprs.length) {
      exprs = Arrays.copyOf(exprs, 2 * size);
      weights = Arrays.copyOf(weights, 2 * size);
    }
    exprs[size] = e;
    weights[size] = weight;
    size++;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The weight of the top pair. */
  double topWeight() {
    return weights[size - 1];
  }

  /** Removes the top pair and returns its expression. */
  Expr pop() {
    Expr e = exprs[--size];
    exprs[size] = null;
    return e;
  }
}

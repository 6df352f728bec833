package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.permute;
import static dev.adjoint.autodiff.Exprs.prod;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.where;
import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;

/**
 * The product over axes (all when none are given); the product of no elements is 1.
 *
 * <p>The derivative never divides by x, so it is right where elements are zero: with one zero, the
 * gradient at it is the product of the others (and 0 elsewhere); with two or more, it is 0. Each
 * element's "product of the others" is computed as the product of a row in which that element is
 * replaced by 1, so the gradient of a product over K elements holds K² values per group (and the
 * second derivative K³): cheap for the axes products are taken over in practice; beyond {@link
 * #MAX_GRADIENT_SIZE} values, building the gradient is an error naming the sizes.
 *
 * <p>Immutable and thread-safe.
 */
public final class Prod extends Reduction {
  /** The most values the gradient's table of "the others" (K² per group) may hold. */
  public static final int MAX_GRADIENT_SIZE = 1 << 22;

  /** The product over sorted, distinct axes; empty for all. */
  public Prod(List<Integer> axes) {
    super(axes);
  }

  @Override
  public Notation notation() {
    return Notation.function("prod", "prod", "\\prod");
  }

  /** ∂/∂xᵢ Π x = Π_{j≠i} xⱼ, the product of x with xᵢ replaced by 1. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Shape shape = x.shape();
    List<Integer> reduced = axes(shape);
    int k = Axes.count(shape, reduced);
    if (shape.size() == 0) {
      return zeros(shape);
    }
    if (k == 1) {
      return spread(g, shape);
    }
    int m = shape.size() / k;
    if ((long) m * k * k > MAX_GRADIENT_SIZE) {
      throw new IllegalArgumentException(
          "prod: the gradient of a product over "
              + k
              + " elements in each of "
              + m
              + " groups needs "
              + (long) m * k * k
              + " values (K² per group), more than "
              + MAX_GRADIENT_SIZE
              + "; take the product over fewer elements, or for positive x write exp(sum(log(x)))");
    }
    // kept axes first, reduced axes last: each group of K multiplied elements is one row
    int[] order = new int[shape.rank()];
    int[] permutedDims = new int[shape.rank()];
    boolean[] isReduced = Axes.mask(shape, reduced);
    int j = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int a = 0; a < shape.rank(); a++) {
        if (isReduced[a] == (pass == 1)) {
          order[j] = a;
          permutedDims[j++] = shape.dim(a);
        }
      }
    }
    boolean identity = true;
    for (int a = 0; a < order.length; a++) {
      identity &= order[a] == a;
    }
    Expr rows = reshape(identity ? x : permute(x, order), m, 1, k);
    // othersOf[r, i, j] = x[r, j] for j ≠ i, and 1 on the diagonal
    Expr othersOf = where(constant(identityMatrix(k)), constant(1), broadcastTo(rows, m, k, k));
    Expr d = mul(prod(othersOf, 2), reshape(g, m, 1));
    Expr permuted = reshape(d, permutedDims);
    if (identity) {
      return permuted;
    }
    int[] inverse = new int[order.length];
    for (int a = 0; a < order.length; a++) {
      inverse[order[a]] = a;
    }
    return permute(permuted, inverse);
  }

  private static Tensor identityMatrix(int k) {
    double[] data = new double[k * k];
    for (int i = 0; i < k; i++) {
      data[i * k + i] = 1;
    }
    return Tensor.of(Shape.of(k, k), data);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return fold(
        reduceMap(inputs.get(0)),
        1,
        (x, map, out) -> {
          for (int i = 0; i < x.length; i++) {
            out[map[i]] *= x[i];
          }
        },
        1);
  }
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import dev.adjoint.autodiff.kernel.LogSumExpKernel;
import java.util.List;

/**
 * The softmax {@code exp(x) / Σ exp(x)} along one axis, computed stably.
 *
 * @param axis the non-negative axis normalised over
 */
public record Softmax(int axis) implements Op {

  @Override
  public Notation notation() {
    return Notation.function("softmax");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape x = inputs.get(0);
    if (axis < 0 || axis >= x.rank()) {
      throw new IllegalArgumentException(name() + ": axis " + axis + " does not fit shape " + x);
    }
    return x;
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(axis));
  }

  /** With s = softmax(x): ∂L/∂x = s ⊙ (g − Σ(g ⊙ s)) along the axis. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return mul(out, sub(g, alongAxis(sum(mul(g, out), axis), out.shape())));
  }

  /** A reduction along the axis, broadcast back over the full shape. */
  private Expr alongAxis(Expr reduced, Shape shape) {
    int[] kept = shape.dims();
    kept[axis] = 1;
    return broadcastTo(reshape(reduced, kept), shape);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] loop = Axes.outerAlongInner(inputs.get(0), axis);
    int outer = loop[0];
    int n = loop[1];
    int inner = loop[2];
    return (in, out) -> {
      double[] v = in[0];
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int base = o * n * inner + i;
          double lse = LogSumExpKernel.of(v, base, n, inner);
          for (int j = 0; j < n; j++) {
            out[base + j * inner] = Math.exp(v[base + j * inner] - lse);
          }
        }
      }
    };
  }
}

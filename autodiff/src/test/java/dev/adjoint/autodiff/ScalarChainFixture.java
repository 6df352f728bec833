package dev.adjoint.autodiff;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sin;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain {@code x ← sin(x)·a + b}, repeated, with its loss {@code L = x_last} and raw gradient,
 * and the same values computed by plain loops: the graph every size test builds.
 *
 * @param loss the last link
 * @param gradients the raw gradient of {@code loss} with respect to {@code x0}, {@code a}, {@code
 *     b}
 */
public record ScalarChainFixture(
    Variable x0, Variable a, Variable b, Expr loss, Gradients gradients) {

  /**
   * The values bound to {@code x0}, {@code a}, {@code b}: a contraction, so the chain stays
   * bounded.
   */
  public static final double X0 = 0.3;

  public static final double A = 0.9;
  public static final double B = 0.1;

  /** Three nodes per step (sin, ·, +) plus the three leaves. */
  public static ScalarChainFixture build(String prefix, int steps) {
    Variable x0 = Variable.of(prefix + "x0");
    Variable a = Variable.of(prefix + "a");
    Variable b = Variable.of(prefix + "b");
    Expr x = x0;
    for (int i = 0; i < steps; i++) {
      x = add(mul(sin(x), a), b);
    }
    return new ScalarChainFixture(x0, a, b, x, Gradients.raw(x, x0, a, b));
  }

  /** The loss, then the gradients with respect to {@code x0}, {@code a}, {@code b}. */
  public List<Expr> outputs() {
    List<Expr> outputs = new ArrayList<>(List.of(loss));
    outputs.addAll(gradients.list());
    return outputs;
  }

  /** The bindings of {@link #X0}, {@link #A}, {@link #B}. */
  public Bindings bindings() {
    return Bindings.of(
        x0.name(), Tensor.scalar(X0), a.name(), Tensor.scalar(A), b.name(), Tensor.scalar(B));
  }

  /**
   * {@code L} and {@code dL/dx0, dL/da, dL/db} by a forward loop and a reverse loop over a tape:
   * the loss bit for bit as the program computes it, the gradients up to rounding.
   */
  public static double[] reference(int steps) {
    double[] xs = new double[steps + 1];
    xs[0] = X0;
    for (int i = 0; i < steps; i++) {
      xs[i + 1] = Math.sin(xs[i]) * A + B;
    }
    double g = 1;
    double ga = 0;
    double gb = 0;
    for (int i = steps - 1; i >= 0; i--) {
      gb += g;
      ga += g * Math.sin(xs[i]);
      g = g * A * Math.cos(xs[i]);
    }
    return new double[] {xs[steps], g, ga, gb};
  }
}

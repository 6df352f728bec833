package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.concat;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.Random;

/**
 * Hogan's advection benchmark (Adept, 2014): a field {@code q[NX]} advected {@code nt} steps with
 * Courant number {@code c} by the Lax–Wendroff or the Toon scheme on a periodic domain, and the
 * cost {@code J = Σ wᵢ qᵢ} of the final field with fixed random weights; its gradient is with
 * respect to the initial field. Each step, as in Adept's code:
 *
 * <pre>
 *   flux[i] = ½c(q[i] + q[i+1] + c(q[i] − q[i+1]))                  Lax–Wendroff
 *   flux[i] = (exp(c·log(q[i]/q[i+1])) − 1)·q[i]·q[i+1]/(q[i] − q[i+1])   Toon
 *   q[i] += flux[i−1] − flux[i]   (0 < i < NX−1);   q[0] = q[NX−2];   q[NX−1] = q[1]
 * </pre>
 *
 * The hand-written baselines are the primal loop and its adjoint loop (forward pass stored).
 */
final class Advection {
  /** The scheme. */
  enum Scheme {
    LAX_WENDROFF,
    TOON
  }

  static final int NX = 100;
  static final double COURANT = 0.125;

  final Scheme scheme;
  final int steps;
  final Variable initial = Variable.of("q0", NX);
  final Expr cost;
  final Expr gradient;
  final double[] q0 = new double[NX];
  final double[] weights;

  private final double[][] history;
  private final double[] flux = new double[NX - 1];
  private final double[] fluxBar = new double[NX - 1];
  private final double[] qBar = new double[NX];
  private final double[] work = new double[NX];

  Advection(Scheme scheme, int steps, long seed) {
    this.scheme = scheme;
    this.steps = steps;
    for (int i = 0; i < NX; i++) {
      q0[i] = 1.5 + Math.sin(2 * Math.PI * i / (NX - 2) + 0.3);
    }
    weights = Tensor.randomUniform(Shape.of(NX), 0, 1, new Random(seed)).toArray();
    Expr q = initial;
    for (int j = 0; j < steps; j++) {
      q = step(q);
    }
    cost = sum(mul(q, Constant.of(Tensor.of(Shape.of(NX), weights))));
    gradient = Gradients.of(cost, initial).of(initial);
    history = new double[steps + 1][NX];
  }

  private Expr step(Expr q) {
    Expr a = slice(q, Index.range(0, NX - 1));
    Expr b = slice(q, Index.range(1, NX));
    Expr f =
        scheme == Scheme.LAX_WENDROFF
            ? add(add(a, b), sub(a, b).times(COURANT)).times(0.5 * COURANT)
            : div(mul(mul(sub(exp(log(div(a, b)).times(COURANT)), constant(1)), a), b), sub(a, b));
    Expr inner =
        add(
            slice(q, Index.range(1, NX - 1)),
            sub(slice(f, Index.range(0, NX - 2)), slice(f, Index.range(1, NX - 1))));
    return concat(
        0, slice(inner, Index.range(NX - 3, NX - 2)), inner, slice(inner, Index.range(0, 1)));
  }

  Program valueProgram() {
    return Program.compile(cost);
  }

  Program valueAndGradientProgram() {
    return Program.compile(cost, gradient);
  }

  /** {@code J} by the primal loop, from {@code initial}. */
  double value(double[] initialField) {
    double[] q = work;
    System.arraycopy(initialField, 0, q, 0, NX);
    for (int j = 0; j < steps; j++) {
      advance(q);
    }
    return weighted(q);
  }

  /** {@code J}, and {@code dJ/dq₀} into {@code g}, by the primal loop and its adjoint. */
  double valueAndGradient(double[] initialField, double[] g) {
    System.arraycopy(initialField, 0, history[0], 0, NX);
    for (int j = 0; j < steps; j++) {
      System.arraycopy(history[j], 0, history[j + 1], 0, NX);
      advance(history[j + 1]);
    }
    double value = weighted(history[steps]);
    System.arraycopy(weights, 0, qBar, 0, NX);
    for (int j = steps - 1; j >= 0; j--) {
      double[] q = history[j];
      qBar[NX - 2] += qBar[0];
      qBar[1] += qBar[NX - 1];
      qBar[0] = 0;
      qBar[NX - 1] = 0;
      for (int i = 0; i < NX - 1; i++) {
        fluxBar[i] = qBar[i + 1] - qBar[i];
      }
      for (int i = 0; i < NX - 1; i++) {
        double a = q[i];
        double b = q[i + 1];
        double da;
        double db;
        if (scheme == Scheme.LAX_WENDROFF) {
          da = 0.5 * COURANT * (1 + COURANT);
          db = 0.5 * COURANT * (1 - COURANT);
        } else {
          double r = Math.exp(COURANT * Math.log(a / b));
          double d = a - b;
          double h = a * b / d;
          da = COURANT * r / a * h - (r - 1) * b * b / (d * d);
          db = -COURANT * r / b * h + (r - 1) * a * a / (d * d);
        }
        qBar[i] += fluxBar[i] * da;
        qBar[i + 1] += fluxBar[i] * db;
      }
    }
    System.arraycopy(qBar, 0, g, 0, NX);
    return value;
  }

  private void advance(double[] q) {
    for (int i = 0; i < NX - 1; i++) {
      double a = q[i];
      double b = q[i + 1];
      flux[i] =
          scheme == Scheme.LAX_WENDROFF
              ? 0.5 * COURANT * (a + b + COURANT * (a - b))
              : (Math.exp(COURANT * Math.log(a / b)) - 1.0) * a * b / (a - b);
    }
    for (int i = 1; i < NX - 1; i++) {
      q[i] += flux[i - 1] - flux[i];
    }
    q[0] = q[NX - 2];
    q[NX - 1] = q[1];
  }

  private double weighted(double[] q) {
    double s = 0;
    for (int i = 0; i < NX; i++) {
      s += weights[i] * q[i];
    }
    return s;
  }
}

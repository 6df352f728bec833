package dev.adjoint.autodiff.check;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Finite differences of a scalar loss, one element at a time, through one compiled program and one
 * workspace, with a test of smoothness at every element.
 *
 * <p>With {@code J(s) = (f(x+s) − 2f(x) + f(x−s)) / s}, the difference of the right and left
 * difference quotients: where f is twice differentiable on both sides of x (also where f″ jumps, as
 * at the boundary of a Huber loss), {@code J(s) ≈ s·f″} halves with the step; at a kink exactly at
 * x it stays the size of the jump in slope; across a jump in value it doubles. So each element is
 * judged at steps {@code s} and {@code s/2}: a halving J is smooth, and the estimate is the central
 * difference at {@code s/2} (or its Richardson extrapolation) with its truncation error estimated
 * from the estimate at {@code s}; a constant J is a kink, whose one-sided derivatives are reported;
 * anything else (a kink within the stencil but not at x) is retried with half the step, a few
 * times. The piecewise ops' {@link KinkSignature}s are outputs of the same program, so a kink is
 * named by the op whose branch changed.
 */
final class FiniteDifferences {
  private static final double EPSILON = Math.ulp(1.0);
  private static final int HALVINGS = 6;

  /** What the finite differences could say about one element. */
  enum Kind {
    /** Smooth within the stencil: {@link Result#values} holds the derivative. */
    SMOOTH,
    /** A kink at the element: {@link Result#left} and {@link Result#right} hold the slopes. */
    KINK,
    /** The loss jumps in value at the element: no derivative. */
    JUMP,
    /** The loss is not finite at or near the element. */
    NOT_FINITE,
    /** The quotients did not settle down as the step shrank. */
    UNSETTLED,
    /** Not sampled. */
    UNSAMPLED
  }

  /**
   * The finite-difference gradient of one variable.
   *
   * @param values the derivative estimates (smooth elements; NaN elsewhere)
   * @param steps the step of each element
   * @param errors the estimated error of each estimate (rounding plus truncation)
   * @param kinds what could be said about each element
   * @param left the left one-sided derivative at each kink
   * @param right the right one-sided derivative at each kink
   * @param kinks the kinks and jumps, described
   */
  record Result(
      Tensor values,
      double[] steps,
      double[] errors,
      Kind[] kinds,
      double[] left,
      double[] right,
      List<Kink> kinks) {}

  private final Program program;
  private final Program.Workspace workspace;
  private final List<KinkSignature> signatures;
  private final List<Expr> unlocated;
  private final double[][] baseline;
  private final double[][] scratch;
  private final double stepFactor;
  private final boolean richardson;
  private final double f0;

  FiniteDifferences(
      Expr loss,
      List<KinkSignature> signatures,
      List<Expr> unlocated,
      Bindings point,
      double stepFactor,
      boolean richardson) {
    List<Expr> outputs = new ArrayList<>();
    outputs.add(loss);
    signatures.forEach(s -> outputs.add(s.signature()));
    this.program = Program.compile(outputs);
    this.workspace = program.newWorkspace().bind(point).execute();
    this.signatures = signatures;
    this.unlocated = unlocated;
    this.stepFactor = stepFactor;
    this.richardson = richardson;
    this.f0 = workspace.scalar(0);
    this.baseline = new double[signatures.size()][];
    this.scratch = new double[signatures.size()][];
    for (int k = 0; k < signatures.size(); k++) {
      baseline[k] = new double[signatures.get(k).shape().size()];
      scratch[k] = new double[baseline[k].length];
      workspace.copyOutput(k + 1, baseline[k], 0);
    }
  }

  /** The loss at the point. */
  double loss() {
    return f0;
  }

  /**
   * The finite-difference gradient of the loss with respect to {@code v} at the bound point, on the
   * {@code sampled} elements ({@code null}: all).
   */
  Result gradient(Variable v, Bindings point, boolean[] sampled) {
    int n = v.shape().size();
    Tensor bound = point.get(v.name()).orElseGet(() -> Tensor.zeros(v.shape()));
    if (!bound.shape().equals(v.shape())) {
      throw new BindingException(
          "variable "
              + v.name()
              + " has shape "
              + v.shape()
              + " but is bound to a value of shape "
              + bound.shape());
    }
    double[] values = bound.toArray();
    Element e = new Element(v, values, n);
    boolean present = program.variables().contains(v);
    for (int j = 0; j < n; j++) {
      double x = values[j];
      e.steps[j] = exactStep(x, stepFactor * Math.max(1, Math.abs(x)));
      if (sampled != null && !sampled[j]) {
        e.kinds[j] = Kind.UNSAMPLED;
        e.derivative[j] = Double.NaN;
      } else if (!present) {
        e.kinds[j] = Kind.SMOOTH; // the loss does not depend on v: its derivative is 0
      } else {
        judge(e, j);
        values[j] = x;
      }
    }
    if (present) {
      workspace.set(v, values, 0);
    }
    return new Result(
        Tensor.wrap(v.shape(), e.derivative), e.steps, e.errors, e.kinds, e.left, e.right, e.kinks);
  }

  /** The working arrays of one variable. */
  private static final class Element {
    final Variable v;
    final double[] values;
    final double[] derivative;
    final double[] steps;
    final double[] errors;
    final Kind[] kinds;
    final double[] left;
    final double[] right;
    final List<Kink> kinks = new ArrayList<>();

    Element(Variable v, double[] values, int n) {
      this.v = v;
      this.values = values;
      derivative = new double[n];
      steps = new double[n];
      errors = new double[n];
      kinds = new Kind[n];
      left = new double[n];
      right = new double[n];
      java.util.Arrays.fill(left, Double.NaN);
      java.util.Arrays.fill(right, Double.NaN);
    }
  }

  /** Classifies element {@code j} and estimates its derivative or one-sided slopes. */
  private void judge(Element e, int j) {
    double x = e.values[j];
    double s = e.steps[j];
    int[] changed = {-1};
    double fp = lossAt(e, j, x + s, changed);
    double fm = lossAt(e, j, x - s, changed);
    e.derivative[j] = Double.NaN;
    for (int level = 0; level < HALVINGS; level++) {
      double half = exactStep(x, s / 2);
      double fp2 = lossAt(e, j, x + half, changed);
      double fm2 = lossAt(e, j, x - half, changed);
      if (!allFinite(f0, fp, fm, fp2, fm2)) {
        e.kinds[j] = Kind.NOT_FINITE;
        return;
      }
      double scale = max(f0, fp, fm, fp2, fm2);
      double jump1 = (fp - 2 * f0 + fm) / s;
      double jump2 = (fp2 - 2 * f0 + fm2) / half;
      double left2 = (f0 - fm2) / half;
      double right2 = (fp2 - f0) / half;
      double noise2 = 8 * EPSILON * scale / half;
      double significant = 1e-6 * Math.max(Math.abs(left2), Math.abs(right2)) + 2 * noise2;
      double ratio = Math.abs(jump2) / Math.abs(jump1);
      if (Math.abs(jump2) > significant && ratio > 0.8 && ratio < 1.25) {
        e.kinds[j] = Kind.KINK;
        e.left[j] = left2;
        e.right[j] = right2;
        double left1 = (f0 - fm) / s;
        double right1 = (fp - f0) / s;
        e.errors[j] = Math.max(Math.abs(left1 - left2), Math.abs(right1 - right2)) + noise2;
        e.steps[j] = half;
        e.kinks.add(kink(e.v, j, changed[0], left2, right2, false));
        return;
      }
      if (Math.abs(jump2) > significant && ratio > 1.6 && ratio < 2.5) {
        e.kinds[j] = Kind.JUMP;
        e.steps[j] = half;
        e.kinks.add(kink(e.v, j, changed[0], left2, right2, true));
        return;
      }
      boolean halving = Math.abs(jump2 - jump1 / 2) <= 0.2 * Math.abs(jump1) + 2 * noise2;
      if (Math.abs(jump2) <= significant || halving) {
        e.kinds[j] = Kind.SMOOTH;
        e.steps[j] = half;
        double d1 = (fp - fm) / (2 * s);
        double d2 = (fp2 - fm2) / (2 * half);
        double noise = 4 * EPSILON * scale / half;
        if (!richardson) {
          e.derivative[j] = d2;
          // d2's truncation error is at most about |d1 − d2| (linear in the step where f″ jumps,
          // as at a Huber boundary; quadratic where f is smooth); twice that is a safe bound.
          e.errors[j] = 2 * Math.abs(d1 - d2) + noise;
        } else {
          double quarter = exactStep(x, half / 2);
          double fp4 = lossAt(e, j, x + quarter, changed);
          double fm4 = lossAt(e, j, x - quarter, changed);
          double d4 = (fp4 - fm4) / (2 * quarter);
          double r1 = (4 * d2 - d1) / 3;
          double r2 = (4 * d4 - d2) / 3;
          e.derivative[j] = r2;
          e.errors[j] = 2 * Math.abs(r1 - r2) + 3 * noise;
        }
        return;
      }
      s = half;
      fp = fp2;
      fm = fm2;
    }
    e.kinds[j] = Kind.UNSETTLED;
  }

  private Kink kink(Variable v, int j, int changed, double left, double right, boolean jump) {
    int[] index = v.shape().index(j);
    if (changed < 0) {
      // No known piecewise op changed branch: name an op that declares kinks, if the loss has one.
      return unlocated.isEmpty()
          ? new Kink(index, "", "", left, right, jump)
          : new Kink(
              index,
              unlocated.get(0).op().name(),
              Reports.unicode(unlocated.get(0), Reports.KINK_EXPRESSION_LIMIT),
              left,
              right,
              jump);
    }
    KinkSignature s = signatures.get(changed);
    return new Kink(index, s.node().op().name(), s.describeWhere(), left, right, jump);
  }

  /** A step near {@code h} such that {@code x + h} and {@code x − h} are exact. */
  private static double exactStep(double x, double h) {
    double rounded = (x + h) - x;
    return rounded > 0 ? rounded : h;
  }

  private static boolean allFinite(double... values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static double max(double... values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** The loss with element {@code j} set to {@code x}; records the first changed branch. */
  private double lossAt(Element e, int j, double x, int[] changed) {
    e.values[j] = x;
    workspace.set(e.v, e.values, 0).execute();
    if (changed[0] < 0) {
      changed[0] = changedSignature();
    }
    return workspace.scalar(0);
  }

  /** The first signature whose value differs from the unperturbed run, or −1. */
  private int changedSignature() {
    for (int k = 0; k < signatures.size(); k++) {
      workspace.copyOutput(k + 1, scratch[k], 0);
      double[] a = baseline[k];
      double[] b = scratch[k];
      for (int i = 0; i < a.length; i++) {
        if (a[i] != b[i] && !(Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
          return k;
        }
      }
    }
    return -1;
  }
}

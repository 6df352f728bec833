package dev.adjoint.autodiff.check;

import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Central differences of a scalar loss, one element at a time, through one compiled program and one
 * workspace: the loss and the {@link KinkSignature}s of its piecewise ops are outputs of the same
 * program, so each perturbed run also tells whether a branch changed.
 */
final class FiniteDifferences {
  private static final double EPSILON = Math.ulp(1.0);

  /** One-sided slopes differing by more than this (relative, floor 1) suggest a kink. */
  private static final double SLOPE_JUMP = 1e-2;

  /**
   * The finite-difference gradient of one variable.
   *
   * @param values the difference quotients
   * @param steps the step used at each element
   * @param noise the estimated rounding error of each quotient
   * @param atKink the elements whose stencil crosses a kink
   * @param kinks those elements, described
   * @param unsampled the elements not perturbed (their value is NaN), or {@code null} when none
   */
  record Result(
      Tensor values,
      double[] steps,
      double[] noise,
      boolean[] atKink,
      List<Kink> kinks,
      boolean[] unsampled) {}

  private final Program program;
  private final Program.Workspace workspace;
  private final List<KinkSignature> signatures;
  private final List<Expr> unlocated;
  private final double[][] baseline;
  private final double[][] scratch;
  private final double stepFactor;
  private final boolean richardson;
  private final double f0;
  private final Map<Expr, String> descriptions = new IdentityHashMap<>();

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

  /**
   * The central-difference gradient of the loss with respect to {@code v} at the bound point, on
   * the {@code sampled} elements ({@code null}: all).
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
    double[] derivative = new double[n];
    double[] steps = new double[n];
    double[] noise = new double[n];
    boolean[] atKink = new boolean[n];
    List<Kink> kinks = new ArrayList<>();
    boolean present = program.variables().contains(v);
    for (int j = 0; j < n; j++) {
      double x = values[j];
      double h = stepFactor * Math.max(1, Math.abs(x));
      double rounded = (x + h) - x;
      h = rounded > 0 ? rounded : h;
      steps[j] = h;
      if (sampled != null && !sampled[j]) {
        derivative[j] = Double.NaN;
        continue;
      }
      if (!present) {
        continue; // the loss does not depend on v
      }
      int[] changed = {-1};
      double fp = lossAt(v, values, j, x + h, changed);
      double fm = lossAt(v, values, j, x - h, changed);
      double d = (fp - fm) / (2 * h);
      double fmax = Math.max(Math.abs(fp), Math.abs(fm));
      double c = 4;
      if (richardson) {
        double fp2 = lossAt(v, values, j, x + h / 2, changed);
        double fm2 = lossAt(v, values, j, x - h / 2, changed);
        double d2 = (fp2 - fm2) / h;
        d = (4 * d2 - d) / 3;
        fmax = Math.max(fmax, Math.max(Math.abs(fp2), Math.abs(fm2)));
        c = 12;
      }
      values[j] = x;
      derivative[j] = d;
      noise[j] = c * EPSILON * Math.max(fmax, Math.abs(f0)) / h;
      int[] index = v.shape().index(j);
      if (changed[0] >= 0) {
        KinkSignature s = signatures.get(changed[0]);
        atKink[j] = true;
        kinks.add(new Kink(index, s.node().op().name(), describe(s.node()), s.reason()));
      } else if (!unlocated.isEmpty()) {
        double right = (fp - f0) / h;
        double left = (f0 - fm) / h;
        double scale = Math.max(1, Math.max(Math.abs(right), Math.abs(left)));
        if (Math.abs(right - left) > SLOPE_JUMP * scale) {
          Expr node = unlocated.get(0);
          atKink[j] = true;
          kinks.add(
              new Kink(
                  index,
                  node.op().name(),
                  describe(node),
                  String.format(
                      Locale.ROOT,
                      "one-sided slopes differ (%s vs %s) and the loss has a kink op"
                          + " whose kinks cannot be located",
                      Reports.value(left),
                      Reports.value(right))));
        }
      }
    }
    if (present) {
      workspace.set(v, values, 0);
    }
    boolean[] unsampled = null;
    if (sampled != null) {
      unsampled = new boolean[n];
      for (int j = 0; j < n; j++) {
        unsampled[j] = !sampled[j];
      }
    }
    return new Result(Tensor.wrap(v.shape(), derivative), steps, noise, atKink, kinks, unsampled);
  }

  /** The loss with element {@code j} of {@code v} set to {@code x}; records a changed branch. */
  private double lossAt(Variable v, double[] values, int j, double x, int[] changed) {
    values[j] = x;
    workspace.set(v, values, 0).execute();
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

  private String describe(Expr node) {
    return descriptions.computeIfAbsent(node, Reports::describe);
  }
}

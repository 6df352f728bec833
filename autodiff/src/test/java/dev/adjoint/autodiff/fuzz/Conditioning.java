package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Comparison;
import dev.adjoint.autodiff.op.Max;
import dev.adjoint.autodiff.op.Min;
import dev.adjoint.autodiff.op.Reduction;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.Sign;
import dev.adjoint.autodiff.op.Where;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a case sits within rounding of a discontinuity, where "the same value up to rounding"
 * does not bound the difference: a comparison of two nearly equal values ({@code log(exp(x)) > x}
 * flips when the simplifier writes {@code x}), {@code sign}, {@code relu} or {@code abs} of a value
 * near zero, a {@code where} condition near zero, or a near tie in a {@code max}. There a rewrite
 * that keeps values to rounding may still change the value or the gradient, so the comparisons of
 * simplified against raw forms skip such a case. Exact equalities (ties of broadcast copies, {@code
 * x − x}) are kept: both forms compute them exactly.
 */
final class Conditioning {
  /** Relative distance to a discontinuity that counts as "within rounding". */
  private static final double NEAR = 1e-8;

  private Conditioning() {}

  /** Whether some discontinuous op of {@code root} has an operand within rounding of its jump. */
  static boolean nearDiscontinuity(Expr root, Bindings at) {
    return nearDiscontinuity(root, at, false);
  }

  /**
   * Whether some discontinuous op of {@code root} sits on its jump or within rounding of it. For
   * finite differences an exact equality is a jump as well: {@code eq(sum(softmax(x)), 1)} holds or
   * fails by rounding as x moves by the step.
   */
  static boolean onOrNearDiscontinuity(Expr root, Bindings at) {
    return nearDiscontinuity(root, at, true);
  }

  private static boolean nearDiscontinuity(Expr root, Bindings at, boolean exactCounts) {
    List<Expr> distances = new ArrayList<>();
    // The distances for which an exact zero is a jump under a finite-difference step: comparisons,
    // and sign and relu, whose one-sided derivatives differ at 0 (abs's central quotient is 0,
    // its derivative there).
    List<Boolean> exactIsJump = new ArrayList<>();
    // For a max or min whose ties are fragile, its number of results: more exact zeros than results
    // is a tie; -1 for every other distance.
    List<Integer> fragileTies = new ArrayList<>();
    List<Expr> extremes = new ArrayList<>(); // the max or min itself; null for other distances
    for (Expr node : Graph.topologicalOrder(List.of(root))) {
      if (node.op() instanceof Comparison && node.input(0) != node.input(1)) {
        distances.add(Exprs.sub(node.input(0), node.input(1)));
        exactIsJump.add(true);
        fragileTies.add(-1);
        extremes.add(null);
        continue;
      }
      Object op = node.op();
      if (op instanceof Sign || op instanceof Relu || op instanceof Abs) {
        distances.add(node.input(0));
        exactIsJump.add(!(op instanceof Abs));
        fragileTies.add(-1);
        extremes.add(null);
      } else if (op instanceof Where && !(node.input(0).op() instanceof Comparison)) {
        distances.add(node.input(0));
        exactIsJump.add(false);
        fragileTies.add(-1);
        extremes.add(null);
      } else if (op instanceof Max || op instanceof Min) {
        Expr x = node.input(0);
        Expr out = Exprs.reshape(node, kept(node));
        distances.add(Exprs.sub(x, Exprs.broadcastTo(out, x.shape())));
        // A tie of broadcast copies stays a tie under any step and in any rewritten form; any other
        // exact tie (x2 − (stop_gradient(x1) − x1), seed 880643) is one by rounding, which a
        // rewrite that keeps values to rounding may break, and the split gradient jumps with it.
        exactIsJump.add(false);
        fragileTies.add(x.op() instanceof BroadcastTo ? -1 : node.shape().size());
        extremes.add(node);
      }
    }
    if (distances.isEmpty()) {
      return false;
    }
    List<Tensor> values = Program.compileAsWritten(distances).run(at);
    for (int k = 0; k < distances.size(); k++) {
      Expr d = distances.get(k);
      double scale = 1;
      for (Expr operand : d.inputs()) {
        scale = Math.max(scale, maxAbs(Program.compileAsWritten(operand).run(at).get(0)));
      }
      Tensor t = values.get(k);
      int zeros = 0;
      for (int i = 0; i < t.size(); i++) {
        double v = Math.abs(t.getFlat(i));
        zeros += v == 0 ? 1 : 0;
        if ((v != 0 || exactCounts && exactIsJump.get(k)) && v <= NEAR * scale) {
          return true;
        }
      }
      if (fragileTies.get(k) >= 0 && zeros > fragileTies.get(k) && !integral(extremes.get(k), at)) {
        return true;
      }
    }
    return false;
  }

  /** The reduction's result shape with the reduced axes kept as size 1. */
  private static int[] kept(Expr reduction) {
    Reduction op = (Reduction) reduction.op();
    int[] dims = reduction.input(0).shape().dims();
    for (int a = 0; a < dims.length; a++) {
      if (op.axes().isEmpty() || op.axes().contains(a)) {
        dims[a] = 1;
      }
    }
    return dims;
  }

  /**
   * Whether every value of {@code e} is an integer: ties among the 0s and 1s of comparisons, relu,
   * sign or one_hot are exact in every form, not ties by rounding.
   */
  private static boolean integral(Expr e, Bindings at) {
    Tensor t = Program.compileAsWritten(e).run(at).get(0);
    for (int i = 0; i < t.size(); i++) {
      double v = t.getFlat(i);
      if (v != Math.rint(v)) {
        return false;
      }
    }
    return true;
  }

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (int i = 0; i < t.size(); i++) {
      m = Math.max(m, Math.abs(t.getFlat(i)));
    }
    return m;
  }
}

package dev.adjoint.autodiff.check;

import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.eq;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sign;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.Max;
import dev.adjoint.autodiff.op.Min;
import dev.adjoint.autodiff.op.Reduction;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.op.Where;
import java.util.ArrayList;
import java.util.List;

/**
 * Which branch a piecewise op takes, as a discrete-valued expression: the sign of {@code relu}'s or
 * {@code abs}'s argument, the mask of the elements attaining a {@code max} or {@code min}, whether
 * a {@code where} condition holds, the value of a comparison or {@code sign}. If a signature
 * changes anywhere in a finite-difference stencil, the stencil crosses a kink or a jump.
 *
 * @param node the piecewise node
 * @param signature the expression whose value names the branch taken
 * @param reason what a change of the signature means, for the report
 */
record KinkSignature(Expr node, Expr signature, String reason) {

  /**
   * The signatures of the piecewise nodes of {@code loss}. Ops that report {@link
   * dev.adjoint.autodiff.op.Op#hasKink()} but are unknown here are returned in {@code unlocated}.
   */
  static List<KinkSignature> of(Expr loss, List<Expr> unlocated) {
    List<KinkSignature> signatures = new ArrayList<>();
    List<KinkSignature> jumps = new ArrayList<>();
    for (Expr node : Graph.topologicalOrder(List.of(loss))) {
      if (node.inputs().isEmpty()) {
        continue;
      }
      if (node.op() instanceof Relu || node.op() instanceof Abs) {
        signatures.add(
            new KinkSignature(node, sign(node.input(0)), "the argument changes sign within ±h"));
      } else if (node.op() instanceof Max || node.op() instanceof Min) {
        Expr x = node.input(0);
        Reduction r = (Reduction) node.op();
        int[] kept = x.shape().dims();
        for (int a = 0; a < kept.length; a++) {
          if (r.axes().isEmpty() || r.axes().contains(a)) {
            kept[a] = 1;
          }
        }
        Expr attains = eq(x, broadcastTo(reshape(node, kept), x.shape()));
        String which = node.op() instanceof Max ? "maximum" : "minimum";
        signatures.add(
            new KinkSignature(
                node, attains, "the " + which + " moves to another element within ±h (near-tie)"));
      } else if (node.op() instanceof Where) {
        signatures.add(
            new KinkSignature(
                node, eq(node.input(0), constant(0)), "the condition flips within ±h"));
      } else if (!node.op().isDifferentiable() && !(node.op() instanceof StopGradient)) {
        jumps.add(new KinkSignature(node, node, "the value jumps within ±h"));
      } else if (node.op().hasKink()) {
        unlocated.add(node);
      }
    }
    // A where's condition is usually a comparison: name the where, the more telling node.
    signatures.addAll(jumps);
    return signatures;
  }

  /** The subexpression a kink here is named by: a {@code where}'s condition, else the node. */
  String describeWhere() {
    Expr named = node.op() instanceof Where ? node.input(0) : node;
    return Reports.unicode(named, Reports.KINK_EXPRESSION_LIMIT);
  }

  /** The size of the signature's value. */
  Shape shape() {
    return signature.shape();
  }
}

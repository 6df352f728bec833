package dev.adjoint.autodiff;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.op.Op;
import java.util.List;

/**
 * Builds a node exactly as written, skipping the identities {@link Expr#apply} applies as nodes are
 * built ({@code −(−x) → x}), so that tests can show a simplifier rule firing on its literal
 * pattern. Test-only: such nodes are not shared with equal ones.
 */
public final class UnsimplifiedNodes {
  private UnsimplifiedNodes() {}

  /** {@code op(inputs...)}, shape-checked but not rewritten, folded or shared. */
  public static Expr node(Op op, Expr... inputs) {
    List<Shape> shapes = List.of(inputs).stream().map(Expr::shape).toList();
    return new Expr(op, ImmutableList.copyOf(inputs), op.shape(shapes));
  }
}

package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.simplify.Rule;
import dev.adjoint.autodiff.simplify.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Simplifier rules with a known bug that the fuzzer found, kept out of the default run until the
 * fix is merged: {@link RuleByRuleTest} skips them, and {@link DifferentialTest} counts a failure
 * whose expression contains a node they rewrite as known rather than new. Each entry is listed with
 * its minimal failing case in the fuzzing report.
 */
final class KnownBadRules {
  /**
   * The names of the rules. {@code exp-minus-logsumexp} rewrites {@code exp(x − logsumexp(x, a))}
   * to {@code softmax(x, a)} even when the logsumexp is broadcast back along another axis (issue 8;
   * minimal case: {@code exp(x − logsumexp(x, 1))} with x [3×3]). {@code sum-broadcast} rewrites
   * {@code Σ broadcast(x)} to {@code (0/0)·Σ x}, NaN, when x is zero-size (minimal case: {@code
   * sum(broadcast(x, 3, 0, 3))} with x [0×3]). {@code cancel-by-distributing} and {@code
   * expand-if-shorter}, applied alone, throw a NullPointerException ({@code
   * CanonicalProduct.build(product, null)}) on a sum with an {@code x − x} term (minimal case:
   * {@code (y − y)·(x/(y − y) + (y − y))} with x [3], y [3×3]). {@code transpose-vector} rewrites
   * {@code reshape(v, m×n)ᵀ} to {@code reshape(v, n×m)} for any matrix shape, not only a column
   * (minimal case: {@code reshape(v, 3, 3)'} with v [9], e.g. in the gradient of {@code reshape(x',
   * 9)}). Empty this set once the fixes are merged.
   */
  static final Set<String> KNOWN_BAD_RULES = Set.of();

  private KnownBadRules() {}

  /**
   * Whether a failure may come from a known-bad rule: its message names one, or one applies to a
   * node of the case's expression, loss or raw gradients.
   */
  static boolean involved(FuzzCase c, Outcome failure) {
    for (String name : KNOWN_BAD_RULES) {
      if (failure.message().contains("rule " + name)) {
        return true;
      }
    }
    return involved(c);
  }

  /** Whether a known-bad rule applies to any node of the case's expression, loss or gradients. */
  static boolean involved(FuzzCase c) {
    if (KNOWN_BAD_RULES.isEmpty()) {
      return false;
    }
    List<Expr> roots = new ArrayList<>();
    roots.add(c.loss());
    try {
      roots.addAll(Gradients.raw(c.loss(), c.variables().toArray(new Variable[0])).list());
    } catch (RuntimeException e) {
      // the expression alone decides
    }
    for (Expr node : Graph.topologicalOrder(roots)) {
      // These rules match forms the simplifier reaches (x − lse, reshape(v)ᵀ), not always the
      // forms built, so their ingredients count as well.
      if (KNOWN_BAD_RULES.contains("exp-minus-logsumexp") && isExpOfLogSumExp(node, 3)) {
        return true;
      }
      if (KNOWN_BAD_RULES.contains("transpose-vector") && isVectorReshapedToMatrix(node)) {
        return true;
      }
      for (Rule rule : Rules.all()) {
        if (KNOWN_BAD_RULES.contains(rule.name()) && fires(rule, node)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code node} reshapes a vector to a matrix that is neither a row nor a column. */
  private static boolean isVectorReshapedToMatrix(Expr node) {
    return node.op() instanceof Reshape
        && node.input(0).shape().rank() == 1
        && node.shape().rank() == 2
        && node.shape().dim(0) > 1
        && node.shape().dim(1) > 1;
  }

  /** Whether {@code node} is an {@code exp} with a logsumexp at most {@code depth} levels below. */
  private static boolean isExpOfLogSumExp(Expr node, int depth) {
    if (!(node.op() instanceof Exp)) {
      return false;
    }
    List<Expr> level = List.of(node);
    for (int d = 0; d < depth; d++) {
      List<Expr> next = new ArrayList<>();
      for (Expr e : level) {
        for (Expr input : e.inputs()) {
          if (input.op() instanceof LogSumExp) {
            return true;
          }
          next.add(input);
        }
      }
      level = next;
    }
    return false;
  }

  private static boolean fires(Rule rule, Expr node) {
    try {
      return rule.apply(node).isPresent();
    } catch (RuntimeException e) {
      return true;
    }
  }
}

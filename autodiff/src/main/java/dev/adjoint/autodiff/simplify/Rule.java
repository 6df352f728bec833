package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import java.util.Optional;
import java.util.function.Function;

/**
 * A named rewrite, such as {@code mul-one: x·1 → x}. A rule looks at one node, whose inputs are
 * already simplified, and returns an equivalent expression of the same shape, or nothing when it
 * does not apply.
 *
 * @param name a short kebab-case name ({@code mul-one})
 * @param pattern the rewrite in math notation ({@code x·1 → x})
 * @param rewrite the rewrite itself
 */
public record Rule(String name, String pattern, Rewrite rewrite) {

  /** What a rule may ask about the graph the node is part of. */
  public interface Context {
    /** A node on its own: nothing is shared. */
    Context ALONE = node -> false;

    /**
     * Whether {@code node} is used in more than one place. Rules that flatten sums and products
     * keep shared subexpressions whole, so that they are still computed once.
     */
    boolean isShared(Expr node);
  }

  /** The body of a rule: an equivalent of {@code node}, or empty when the rule does not apply. */
  @FunctionalInterface
  public interface Rewrite {
    /** An equivalent of {@code node} with the same shape, or empty. */
    Optional<Expr> rewrite(Expr node, Context context);
  }

  /** Checks that no component is null. */
  public Rule {
    checkNotNull(name, "name");
    checkNotNull(pattern, "pattern");
    checkNotNull(rewrite, "rewrite");
  }

  /** The rule {@code name: pattern}, which looks only at the node. */
  public static Rule of(String name, String pattern, Function<Expr, Optional<Expr>> rewrite) {
    checkNotNull(rewrite, "rewrite");
    return new Rule(name, pattern, (node, context) -> rewrite.apply(node));
  }

  /** The rule {@code name: pattern}, which may also ask which subexpressions are shared. */
  public static Rule withContext(String name, String pattern, Rewrite rewrite) {
    return new Rule(name, pattern, rewrite);
  }

  /** As {@link #apply(Expr, Context)} for a node on its own. */
  public Optional<Expr> apply(Expr node) {
    return apply(node, Context.ALONE);
  }

  /**
   * The rewritten node, or empty when the rule does not apply (or rewrites the node to itself).
   *
   * @throws IllegalStateException when the rewrite would change the node's shape (a bug in the
   *     rule)
   */
  public Optional<Expr> apply(Expr node, Context context) {
    Optional<Expr> result = rewrite.rewrite(node, context);
    if (result.isEmpty() || result.get() == node) {
      return Optional.empty();
    }
    if (!result.get().shape().equals(node.shape())) {
      throw new IllegalStateException(
          "rule " + name + " changed the shape " + node.shape() + " to " + result.get().shape());
    }
    return result;
  }

  @Override
  public String toString() {
    return name + ": " + pattern;
  }
}

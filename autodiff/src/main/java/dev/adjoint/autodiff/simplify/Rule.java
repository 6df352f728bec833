package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import java.util.Optional;

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

  /** The body of a rule: an equivalent of {@code node}, or empty when the rule does not apply. */
  @FunctionalInterface
  public interface Rewrite {
    /** An equivalent of {@code node} with the same shape, or empty. */
    Optional<Expr> rewrite(Expr node);
  }

  /** Checks that no component is null. */
  public Rule {
    checkNotNull(name, "name");
    checkNotNull(pattern, "pattern");
    checkNotNull(rewrite, "rewrite");
  }

  /** The rule {@code name: pattern}. */
  public static Rule of(String name, String pattern, Rewrite rewrite) {
    return new Rule(name, pattern, rewrite);
  }

  /**
   * The rewritten node, or empty when the rule does not apply (or rewrites the node to itself).
   *
   * @throws IllegalStateException when the rewrite would change the node's shape (a bug in the
   *     rule)
   */
  public Optional<Expr> apply(Expr node) {
    Optional<Expr> result = rewrite.rewrite(node);
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

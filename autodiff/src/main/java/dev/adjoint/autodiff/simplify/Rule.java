package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Trait;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A named rewrite, declared as data that runs: {@code log-sigmoid: log(σ(x)) → −softplus(−x)}. A
 * rule is a {@link Pattern} (or, for the canonical forms that no tree pattern can express, a set of
 * root ops and a description), named side conditions that must all hold ({@code axis aligned},
 * {@code product finite}), a builder for the replacement, and its {@link Effect} on values. The
 * text it prints ({@link #toString}, the table in {@code docs/simplifier.md}) comes from this
 * declaration.
 *
 * <p>A rule looks at one node, whose inputs are already simplified, and returns an equivalent
 * expression of the same shape, or nothing. Rules are immutable and safe to share between threads.
 */
public final class Rule {

  /** What a rule does to values, in the terms of the simplifier's contract. */
  public enum Effect {
    /**
     * Equal values up to rounding wherever the expression as written and all its subexpressions are
     * finite; elsewhere, a non-finite value stays non-finite.
     */
    PRESERVES_VALUE,
    /**
     * As {@link #PRESERVES_VALUE}, and where the written form overflows or underflows in floating
     * point although its mathematical value is finite ({@code log(σ(−1000))}), the rewrite gives
     * that finite value.
     */
    STABILIZES,
    /**
     * As {@link #PRESERVES_VALUE} where everything is finite, but where the written form is
     * mathematically undefined ({@code 0·∞}, {@code ∞ − ∞}, {@code 0/0}) it gives the continuous
     * extension ({@code x·0 → 0}): a NaN as written may become a number.
     */
    EXTENDS_DOMAIN
  }

  /** What a rule may ask about the graph the node is part of. */
  public interface Context {
    /** A node on its own: nothing is shared. */
    Context ALONE = node -> false;

    /**
     * Whether {@code node} is used in more than one place. Rules that flatten sums and products
     * keep shared subexpressions whole, so that they are still computed once.
     */
    boolean isShared(Expr node);

    /**
     * {@code compute}'s result for {@code node}, which rules trying the same node may share (the
     * terms of a sum, which two rules look at): computed again unless the context keeps it.
     */
    default <T> T computed(Expr node, String key, Supplier<T> compute) {
      return compute.get();
    }
  }

  /** A node a rule's pattern matched, with the names the pattern bound. */
  public static final class Match {
    private final Expr node;
    private final Bound bound;
    private final Context context;

    Match(Expr node, Bound bound, Context context) {
      this.node = node;
      this.bound = bound;
      this.context = context;
    }

    /** The matched node. */
    public Expr node() {
      return node;
    }

    /** The matched node's shape, which the replacement must have. */
    public Shape shape() {
      return node.shape();
    }

    /** The node bound to {@code name}. */
    public Expr get(String name) {
      Expr e = bound.get(name);
      checkArgument(e != null, "the pattern binds no %s", name);
      return e;
    }

    /** The op of the node bound to {@code name}. */
    public Op op(String name) {
      return get(name).op();
    }

    /** The graph around the node. */
    public Context context() {
      return context;
    }
  }

  /**
   * A named side condition: the rule applies only where it holds ({@code axis aligned: the
   * logsumexp is broadcast back along the axis it reduced}).
   *
   * @param name a short name, printed with the rule
   * @param test whether it holds for a match
   */
  public record Condition(String name, Predicate<Match> test) {
    /** Checks that no component is null. */
    public Condition {
      checkNotNull(name, "name");
      checkNotNull(test, "test");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Builds the replacement of a match; null when the rule turns out not to apply. */
  @FunctionalInterface
  public interface Replacement {
    /** An equivalent of {@code match.node()} with its shape, or null. */
    Expr build(Match match);
  }

  private final String name;
  private final Pattern pattern;
  private final String lhs;
  private final Set<Class<? extends Op>> roots;
  private final Trait rootTrait;
  private final List<Condition> conditions;

  /** The conditions' tests, as an array: they are run at every node the rule is offered. */
  private final Predicate<Match>[] tests;

  private final String rhs;
  private final Replacement replacement;
  private final Effect effect;

  private Rule(Builder b, String rhs, Replacement replacement) {
    this.name = b.name;
    this.pattern = b.pattern;
    this.lhs = b.pattern != null ? b.pattern.toString() : b.description;
    this.roots = b.roots;
    this.rootTrait = b.pattern != null ? b.pattern.rootTrait() : null;
    this.conditions = List.copyOf(b.conditions);
    @SuppressWarnings("unchecked")
    Predicate<Match>[] t = conditions.stream().map(Condition::test).toArray(Predicate[]::new);
    this.tests = t;
    this.rhs = checkNotNull(rhs, "replacement text");
    this.replacement = checkNotNull(replacement, "replacement");
    this.effect = b.effect;
  }

  /** Starts the declaration of the rule {@code name} (short kebab-case: {@code mul-one}). */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The rule's name. */
  public String name() {
    return name;
  }

  /** The rewrite in math notation, {@code log(σ(x)) → −softplus(−x)}, printed from the pattern. */
  public String pattern() {
    return lhs + " → " + rhs;
  }

  /** The side conditions, all of which must hold. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** What the rule does to values. */
  public Effect effect() {
    return effect;
  }

  /** Whether the rule may turn an undefined value into a number ({@link Effect#EXTENDS_DOMAIN}). */
  public boolean extendsDomain() {
    return effect == Effect.EXTENDS_DOMAIN;
  }

  /** The op classes a node must have for this rule to be tried; empty for every op. */
  public Set<Class<? extends Op>> roots() {
    return roots;
  }

  /**
   * The trait the root op must declare, for a rule matching {@link Pattern#withTrait} at its root
   * ({@code f(−x)} for odd f), or null. Such a rule has no root classes: it is offered to every
   * node, and its pattern's first test, {@code op.has(trait)}, turns away the others.
   */
  public Trait rootTrait() {
    return rootTrait;
  }

  /** Whether this rule can apply to a node whose op has class {@code op}. */
  public boolean triesOn(Class<? extends Op> op) {
    return roots.isEmpty() || roots.contains(op);
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
    Expr result = rewrite(node, context);
    return result == null ? Optional.empty() : Optional.of(result);
  }

  private static final Bound NOTHING_BOUND = new Bound();

  /**
   * Whether this rule might apply to {@code node}, whose op is one of its roots: always for a
   * procedural rule, and where the pattern matches for the others (side conditions aside).
   */
  boolean couldMatch(Expr node, Bound scratch) {
    if (pattern == null) {
      return true;
    }
    scratch.reset(0);
    return pattern.match(node, scratch);
  }

  /** As {@link #apply(Expr, Context)}, null when the rule does not apply. */
  Expr rewrite(Expr node, Context context) {
    return triesOn(node.op().getClass()) ? rewriteMatching(node, context) : null;
  }

  /** As {@link #rewrite}, for a node whose op is known to be one of the {@link #roots}. */
  Expr rewriteMatching(Expr node, Context context) {
    return rewriteMatching(node, context, new Bound());
  }

  /**
   * As {@link #rewriteMatching(Expr, Context)}, binding names in {@code scratch}, which is cleared
   * first: a caller trying many rules at many nodes reuses one.
   */
  Expr rewriteMatching(Expr node, Context context, Bound scratch) {
    Bound bound = NOTHING_BOUND;
    if (pattern != null) {
      scratch.reset(0);
      if (!pattern.match(node, scratch)) {
        return null;
      }
      bound = scratch;
    }
    Match match = new Match(node, bound, context);
    for (Predicate<Match> test : tests) {
      if (!test.test(match)) {
        return null;
      }
    }
    Expr result = replacement.build(match);
    if (result == null || result == node) {
      return null;
    }
    if (!result.shape().equals(node.shape())) {
      throw new IllegalStateException(
          "rule " + name + " changed the shape " + node.shape() + " to " + result.shape());
    }
    return result;
  }

  /** {@code name: pattern → replacement}, with its conditions and effect when there are any. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name).append(": ").append(pattern());
    if (!conditions.isEmpty()) {
      s.append(" when ").append(String.join(", ", conditions.stream().map(c -> c.name).toList()));
    }
    if (effect != Effect.PRESERVES_VALUE) {
      s.append(" (").append(effectName()).append(')');
    }
    return s.toString();
  }

  /** The effect as the docs write it: {@code preserves value}, {@code stabilizes}, ... */
  public String effectName() {
    return switch (effect) {
      case PRESERVES_VALUE -> "preserves value";
      case STABILIZES -> "stabilizes";
      case EXTENDS_DOMAIN -> "extends domain";
    };
  }

  /** A rule under declaration: its left side, conditions and effect, then its replacement. */
  public static final class Builder {
    private final String name;
    private Pattern pattern;
    private String description;
    private Set<Class<? extends Op>> roots = Set.of();
    private final List<Condition> conditions = new ArrayList<>();
    private Effect effect = Effect.PRESERVES_VALUE;

    private Builder(String name) {
      this.name = checkNotNull(name, "name");
    }

    /** The rule matches {@code pattern}, and is tried only on nodes of its root op. */
    public Builder matching(Pattern pattern) {
      this.pattern = checkNotNull(pattern, "pattern");
      Class<? extends Op> root = pattern.rootOp();
      this.roots = root == null ? Set.of() : Set.of(root);
      // The traits a pattern requires are side conditions the docs table names: "f is odd".
      for (Pattern.WithTrait t : pattern.traitPatterns()) {
        String f = t.name();
        Trait trait = t.trait();
        conditions.add(
            new Condition(
                f + " is " + trait.name().toLowerCase(Locale.ROOT), m -> m.op(f).has(trait)));
      }
      return this;
    }

    /**
     * The rule is a procedure no tree pattern expresses (a canonical form), tried on nodes of these
     * ops and described by {@code description}.
     */
    @SafeVarargs
    public final Builder procedural(String description, Class<? extends Op>... roots) {
      this.description = checkNotNull(description, "description");
      this.roots = Set.of(roots);
      return this;
    }

    /** A side condition that must hold. */
    public Builder when(String condition, Predicate<Match> test) {
      conditions.add(new Condition(condition, test));
      return this;
    }

    /** A side condition that must hold. */
    public Builder when(Condition condition) {
      conditions.add(checkNotNull(condition, "condition"));
      return this;
    }

    /** The rule is {@link Effect#STABILIZES stabilizing}. */
    public Builder stabilizes() {
      effect = Effect.STABILIZES;
      return this;
    }

    /** The rule is {@link Effect#EXTENDS_DOMAIN domain-extending}. */
    public Builder extendsDomain() {
      effect = Effect.EXTENDS_DOMAIN;
      return this;
    }

    /** The rule, which rewrites a match to what {@code replacement} builds, written {@code rhs}. */
    public Rule to(String rhs, Replacement replacement) {
      checkArgument(
          pattern != null || description != null, "rule %s matches nothing: give a pattern", name);
      return new Rule(this, rhs, replacement);
    }
  }
}

package dev.adjoint.autodiff.simplify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Trait;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A tree pattern over expressions, the left side of a {@link Rule}: {@code log(σ(x))}, {@code x +
 * 0}. It matches a node by its op's class and its inputs' patterns, and binds names to the nodes it
 * matched ({@code x}); a name bound twice must be bound to the same node ({@code x − x}). The text
 * a rule prints is printed from the pattern itself ({@link #toString}), in the ops' own Unicode
 * notation, so the documentation cannot drift from what is matched.
 *
 * <p>Patterns are immutable and safe to share between threads.
 */
public abstract sealed class Pattern {
  private Pattern() {}

  /** Any expression, bound to {@code name}. */
  public static Pattern any(String name) {
    return new Any(name);
  }

  /**
   * A constant every element of which is {@code value} (a constant tensor, or a broadcast of one);
   * never a tensor with no elements.
   */
  public static Pattern uniform(double value) {
    return new Uniform(value);
  }

  /** A rank-0 constant, bound to {@code name}. */
  public static Pattern scalar(String name) {
    return new Scalar(name);
  }

  /**
   * A node whose op has the class of {@code example}, with inputs matching {@code inputs} in order.
   * The example op gives the pattern its notation; its parameters are not compared (side conditions
   * do that), so {@code node(new Sum(List.of()), x)} matches a sum over any axes.
   */
  public static Node node(Op example, Pattern... inputs) {
    return new Node(example, List.of(inputs), null, false, List.of());
  }

  /**
   * {@code inner} under any chain of reshapes and broadcasts (none included), the whole bound to
   * {@code name}; printed {@code ⇑inner}. Side conditions say which chains are allowed.
   */
  public static Pattern expanded(String name, Pattern inner) {
    return new Expanded(name, inner);
  }

  /**
   * A node whose op declares {@code trait}, whatever its class, with inputs matching {@code inputs}
   * in order; the node is bound to {@code name}, and printed {@code name(inputs)}: {@code f(−x)}. A
   * name used by two trait patterns must name the same op ({@code f(f(x))}: {@code relu(relu(x))},
   * not {@code abs(relu(x))}).
   */
  public static Pattern withTrait(Trait trait, String name, Pattern... inputs) {
    return new WithTrait(trait, name, List.of(inputs));
  }

  /**
   * The trait the root op must declare, or null when the root is not a {@link #withTrait} pattern.
   */
  Trait rootTrait() {
    return null;
  }

  /** The trait patterns in this pattern, outermost first, each name once. */
  List<WithTrait> traitPatterns() {
    return List.of();
  }

  /** The op class at the root, or null for a pattern that matches any node. */
  abstract Class<? extends Op> rootOp();

  /** Tries to match {@code e}, adding names to {@code bound}; false leaves it unusable. */
  abstract boolean match(Expr e, Bound bound);

  /** The pattern in Unicode math, with parentheses where {@code precedence} requires them. */
  abstract String print(int precedence);

  @Override
  public final String toString() {
    return print(0);
  }

  /** Binds {@code name} to {@code e}, or checks that it is already bound to that very node. */
  static boolean bind(String name, Expr e, Bound bound) {
    return bound.bind(name, e);
  }

  private static final class Any extends Pattern {
    private final String name;

    Any(String name) {
      this.name = checkNotNull(name, "name");
    }

    @Override
    Class<? extends Op> rootOp() {
      return null;
    }

    @Override
    boolean match(Expr e, Bound bound) {
      return bind(name, e, bound);
    }

    @Override
    String print(int precedence) {
      return name;
    }
  }

  private static final class Uniform extends Pattern {
    private final double value;

    Uniform(double value) {
      this.value = value;
    }

    @Override
    Class<? extends Op> rootOp() {
      return null;
    }

    @Override
    boolean match(Expr e, Bound bound) {
      OptionalDouble v = Patterns.uniformValue(e);
      return v.isPresent() && v.getAsDouble() == value;
    }

    @Override
    String print(int precedence) {
      return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
  }

  private static final class Scalar extends Pattern {
    private final String name;

    Scalar(String name) {
      this.name = checkNotNull(name, "name");
    }

    @Override
    Class<? extends Op> rootOp() {
      return null;
    }

    @Override
    boolean match(Expr e, Bound bound) {
      return e instanceof Constant && e.shape().isScalar() && bind(name, e, bound);
    }

    @Override
    String print(int precedence) {
      return name;
    }
  }

  private static final class Expanded extends Pattern {
    private final String name;
    private final Pattern inner;

    Expanded(String name, Pattern inner) {
      this.name = checkNotNull(name, "name");
      this.inner = checkNotNull(inner, "inner");
    }

    @Override
    Class<? extends Op> rootOp() {
      return null;
    }

    @Override
    boolean match(Expr e, Bound bound) {
      Expr x = e;
      while (x.op() instanceof BroadcastTo || x.op() instanceof Reshape) {
        x = x.input(0);
      }
      return bind(name, e, bound) && inner.match(x, bound);
    }

    @Override
    List<WithTrait> traitPatterns() {
      return inner.traitPatterns();
    }

    @Override
    String print(int precedence) {
      return "⇑" + inner.print(Notation.PRECEDENCE_ATOM);
    }
  }

  /** A node matched by a trait its op declares ({@link #withTrait}). */
  static final class WithTrait extends Pattern {
    private final Trait trait;
    private final String name;
    private final List<Pattern> inputs;

    WithTrait(Trait trait, String name, List<Pattern> inputs) {
      this.trait = checkNotNull(trait, "trait");
      this.name = checkNotNull(name, "name");
      this.inputs = List.copyOf(inputs);
    }

    /** The trait the op must declare. */
    Trait trait() {
      return trait;
    }

    /** The name the node is bound to. */
    String name() {
      return name;
    }

    @Override
    Trait rootTrait() {
      return trait;
    }

    @Override
    List<WithTrait> traitPatterns() {
      java.util.ArrayList<WithTrait> all = new java.util.ArrayList<>();
      all.add(this);
      for (Pattern input : inputs) {
        for (WithTrait t : input.traitPatterns()) {
          if (all.stream().noneMatch(a -> a.name.equals(t.name))) {
            all.add(t);
          }
        }
      }
      return all;
    }

    @Override
    Class<? extends Op> rootOp() {
      return null;
    }

    @Override
    boolean match(Expr e, Bound bound) {
      if (!e.op().has(trait) || e.arity() != inputs.size()) {
        return false;
      }
      Expr same = bound.get(name);
      if (same == null) {
        bound.bind(name, e);
      } else if (!same.op().equals(e.op())) {
        return false;
      }
      for (int i = 0; i < inputs.size(); i++) {
        if (!inputs.get(i).match(e.input(i), bound)) {
          return false;
        }
      }
      return true;
    }

    @Override
    String print(int precedence) {
      StringBuilder b = new StringBuilder(name).append('(');
      for (int i = 0; i < inputs.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(inputs.get(i).print(0));
      }
      return b.append(')').toString();
    }
  }

  /** An op node; {@link #as}, {@link #commutative} and {@link #params} refine it. */
  public static final class Node extends Pattern {
    private final Op example;
    private final List<Pattern> inputs;
    private final String name;
    private final boolean commutative;
    private final List<String> params;

    private Node(
        Op example, List<Pattern> inputs, String name, boolean commutative, List<String> params) {
      this.example = checkNotNull(example, "example op");
      this.inputs = List.copyOf(inputs);
      this.name = name;
      this.commutative = commutative;
      this.params = params;
      checkArgument(!commutative || inputs.size() == 2, "only a binary op can commute");
    }

    /** This pattern, also binding the matched node itself to {@code name}. */
    public Node as(String name) {
      return new Node(example, inputs, checkNotNull(name, "name"), commutative, params);
    }

    /** This pattern, matching its two inputs in either order (printed in the order given). */
    public Node commutative() {
      return new Node(example, inputs, name, true, params);
    }

    /** This pattern printed with symbolic parameters ({@code sum(x, a)}). */
    public Node params(String... params) {
      return new Node(example, inputs, name, commutative, List.of(params));
    }

    @Override
    Class<? extends Op> rootOp() {
      return example.getClass();
    }

    @Override
    List<WithTrait> traitPatterns() {
      return inputs.stream().flatMap(i -> i.traitPatterns().stream()).toList();
    }

    @Override
    boolean match(Expr e, Bound bound) {
      if (e.op().getClass() != example.getClass() || e.arity() != inputs.size()) {
        return false;
      }
      if (name != null && !bind(name, e, bound)) {
        return false;
      }
      return matchInputs(e, bound, false) || commutative && matchInputs(e, bound, true);
    }

    /** Matches the inputs; on failure, {@code bound} is as it was. */
    private boolean matchInputs(Expr e, Bound bound, boolean swapped) {
      int mark = bound.mark();
      for (int i = 0; i < inputs.size(); i++) {
        Expr input = e.input(swapped ? inputs.size() - 1 - i : i);
        if (!inputs.get(i).match(input, bound)) {
          bound.reset(mark);
          return false;
        }
      }
      return true;
    }

    @Override
    String print(int precedence) {
      Notation n = example.notation();
      String s;
      int own;
      switch (n.fixity()) {
        case INFIX -> {
          own = n.precedence();
          s = inputs.get(0).print(own) + " " + n.unicode() + " " + inputs.get(1).print(own + 1);
        }
        case PREFIX -> {
          own = n.precedence();
          s = n.unicode() + inputs.get(0).print(own + 1);
        }
        case POSTFIX -> {
          own = n.precedence();
          s = inputs.get(0).print(own + 1) + n.unicode();
        }
        default -> {
          own = Notation.PRECEDENCE_ATOM;
          StringBuilder b = new StringBuilder(n.unicode()).append('(');
          for (int i = 0; i < inputs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(inputs.get(i).print(0));
          }
          for (String p : params) {
            b.append(", ").append(p);
          }
          s = b.append(')').toString();
        }
      }
      return own < precedence ? "(" + s + ")" : s;
    }
  }
}

package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.simplify.Patterns.coefficient;
import static dev.adjoint.autodiff.simplify.Patterns.fit;
import static dev.adjoint.autodiff.simplify.Patterns.scaled;
import static dev.adjoint.autodiff.simplify.Patterns.uniformValue;
import static dev.adjoint.autodiff.simplify.Patterns.withoutCoefficient;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.simplify.Rule.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The canonical form of a sum: {@code Σ cᵢ·tᵢ + k}, flattened through {@code +}, {@code −} and
 * unary minus, like terms combined ({@code x + 2x → 3x}, {@code x − x → 0}), constant terms folded
 * into one. Terms are written in {@link CanonicalOrder#LARGEST_FIRST}, constants last, and positive
 * terms before negative ones: {@code X·W + b}, {@code s − y}, {@code 1 − σ(z)}. A sum used in
 * several places is kept whole as one term.
 *
 * <p>Sums of more than {@link #MAX_TERMS} terms are left as they are, so canonicalising a long
 * chain of additions stays linear.
 */
final class CanonicalSum {
  static final int MAX_TERMS = 32;

  /** The ops a canonical sum is rooted at. */
  @SuppressWarnings("unchecked")
  static final Class<? extends Op>[] ROOTS = new Class[] {Add.class, Sub.class, Neg.class};

  private CanonicalSum() {}

  /** Whether {@code e} is a node this form rewrites: {@code +}, {@code −} or unary minus. */
  static boolean isSum(Expr e) {
    return e.op() instanceof Add || e.op() instanceof Sub || e.op() instanceof Neg;
  }

  /** The terms of a matched sum node, computed once for the rules that look at them. */
  static Optional<Terms> termsOf(Rule.Match m) {
    return m.context().computed(m.node(), "sum terms", () -> terms(m.node(), m.context()));
  }

  /** The canonical form of a matched sum node; empty when it is too long. */
  static Optional<Expr> rewrite(Rule.Match m) {
    Optional<Terms> terms = termsOf(m);
    if (terms.isPresent() && isBuiltFrom(m.node(), terms.get())) {
      return Optional.of(m.node());
    }
    return terms.flatMap(t -> build(t, m.shape()));
  }

  /**
   * Whether {@code e} is already what {@link #build} makes of {@code terms} in the common case of
   * terms with coefficients ±1, at least one positive, and no constants; false when unsure. Spares
   * building the sum again only to find the node it started from.
   */
  private static boolean isBuiltFrom(Expr e, Terms terms) {
    if (terms.scalar != 0 || terms.tensorConstant != null || terms.coefficients.size() < 2) {
      return false;
    }
    List<Expr> positive = new ArrayList<>();
    List<Expr> negative = new ArrayList<>();
    for (Map.Entry<Expr, Double> t : terms.coefficients.entrySet()) {
      double c = t.getValue();
      if (c == 1) {
        positive.add(t.getKey());
      } else if (c == -1) {
        negative.add(t.getKey());
      } else {
        return false;
      }
    }
    if (positive.isEmpty()) {
      return false;
    }
    positive.sort(CanonicalOrder.LARGEST_FIRST);
    negative.sort(CanonicalOrder.LARGEST_FIRST);
    Expr x = e;
    for (int i = negative.size() - 1; i >= 0; i--) {
      if (!(x.op() instanceof Sub) || x.input(1) != negative.get(i)) {
        return false;
      }
      x = x.input(0);
    }
    for (int i = positive.size() - 1; i >= 1; i--) {
      if (!(x.op() instanceof Add) || x.input(1) != positive.get(i)) {
        return false;
      }
      x = x.input(0);
    }
    return x == positive.get(0);
  }

  /**
   * A sum taken apart: {@code Σ coefficients[t]·t + scalar + tensorConstant}, where the terms
   * {@code t} carry no scalar coefficient of their own.
   */
  static final class Terms {
    final Map<Expr, Double> coefficients = new LinkedHashMap<>();
    double scalar;

    /** The sum of the constant terms whose elements are not all equal; null when none. */
    Expr tensorConstant;

    /** Adds {@code sign · x}, where {@code x} is not itself a sum. */
    void add(Expr x, double sign) {
      OptionalDouble uniform = uniformValue(x);
      if (uniform.isPresent()) {
        scalar += sign * uniform.getAsDouble();
      } else if (x instanceof Constant) {
        Expr signed = sign > 0 ? x : Exprs.neg(x);
        tensorConstant = tensorConstant == null ? signed : Exprs.add(tensorConstant, signed);
      } else {
        coefficients.merge(withoutCoefficient(x), sign * coefficient(x), Double::sum);
      }
    }

    /** Whether a term's coefficient is 0, so that the term disappears ({@code x − x}). */
    boolean cancels() {
      for (double c : coefficients.values()) {
        if (c == 0) {
          return true;
        }
      }
      return false;
    }

    int size() {
      return coefficients.size() + (tensorConstant == null ? 0 : 1) + (scalar == 0 ? 0 : 1);
    }
  }

  /**
   * The terms of {@code e}, flattened through sums that are not shared; empty when there are too
   * many.
   */
  static Optional<Terms> terms(Expr e, Context context) {
    if (leftSpineIsTooLong(e)) {
      return Optional.empty();
    }
    Terms terms = new Terms();
    WeightedStack stack = new WeightedStack();
    stack.push(e, 1);
    int visited = 0;
    while (!stack.isEmpty()) {
      double sign = stack.topWeight();
      Expr x = stack.pop();
      if (++visited > 2 * MAX_TERMS) {
        return Optional.empty();
      }
      boolean whole = x != e && context.isShared(x);
      if (!whole && (x.op() instanceof Add || x.op() instanceof Sub)) {
        stack.push(x.input(1), x.op() instanceof Sub ? -sign : sign);
        stack.push(x.input(0), sign);
      } else if (!whole && x.op() instanceof Neg) {
        stack.push(x.input(0), -sign);
      } else {
        terms.add(x, sign);
      }
    }
    return Optional.of(terms);
  }

  /** Whether following the first operand down through sums passes more than MAX_TERMS nodes. */
  private static boolean leftSpineIsTooLong(Expr e) {
    int length = 0;
    for (Expr x = e; isSum(x); x = x.input(0)) {
      if (++length > MAX_TERMS) {
        return true;
      }
    }
    return false;
  }

  /** The canonical sum of {@code terms}, broadcast to {@code shape}; empty when not finite. */
  static Optional<Expr> build(Terms terms, Shape shape) {
    if (!Double.isFinite(terms.scalar)) {
      return Optional.empty();
    }
    List<Expr> sorted = new ArrayList<>(terms.coefficients.keySet());
    sorted.sort(CanonicalOrder.LARGEST_FIRST);
    List<Expr> positive = new ArrayList<>();
    List<Expr> negative = new ArrayList<>();
    for (Expr t : sorted) {
      double c = terms.coefficients.get(t);
      if (!Double.isFinite(c)) {
        return Optional.empty();
      } else if (c > 0) {
        positive.add(scaled(c, t));
      } else if (c < 0) {
        negative.add(scaled(-c, t));
      }
    }
    if (terms.tensorConstant != null) {
      positive.add(terms.tensorConstant);
    }
    if (terms.scalar != 0) {
      (terms.scalar > 0 ? positive : negative).add(Constant.of(Math.abs(terms.scalar)));
    }
    Expr sum;
    if (positive.isEmpty() && negative.isEmpty()) {
      sum = Constant.of(0);
    } else if (positive.isEmpty()) {
      sum = negated(negative.get(0));
      for (int i = 1; i < negative.size(); i++) {
        sum = Exprs.sub(sum, negative.get(i));
      }
    } else {
      sum = positive.get(0);
      for (int i = 1; i < positive.size(); i++) {
        sum = Exprs.add(sum, positive.get(i));
      }
      for (Expr t : negative) {
        sum = Exprs.sub(sum, t);
      }
    }
    return Optional.of(fit(sum, shape));
  }

  /** {@code −t} for a term {@code t = c·x} written with a positive coefficient. */
  private static Expr negated(Expr t) {
    return scaled(-coefficient(t), withoutCoefficient(t));
  }
}

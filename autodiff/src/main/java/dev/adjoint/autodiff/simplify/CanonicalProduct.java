package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.simplify.Patterns.fit;
import static dev.adjoint.autodiff.simplify.Patterns.isScalarConstant;
import static dev.adjoint.autodiff.simplify.Patterns.scalarValue;
import static dev.adjoint.autodiff.simplify.Patterns.scaled;
import static dev.adjoint.autodiff.simplify.Patterns.uniformValue;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.simplify.Rule.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The canonical form of an elementwise product: {@code c ⊙ f₁^k₁ ⊙ f₂^k₂ ⊙ … / (g₁^m₁ ⊙ …)},
 * written left-deep with the scalar {@code c} first (so that it prints as {@code 2 * a * b}).
 * Products are flattened through {@code ⊙}, {@code /}, unary minus, squares and constant powers;
 * constant factors whose elements are all equal are collected into {@code c} ({@code 2·(3·x) →
 * 6·x}), equal factors merged into powers ({@code x·x → x²}, {@code x/x → 1}), and the factors put
 * in {@link CanonicalOrder}. A product used in several places is kept whole as one factor.
 *
 * <p>Exponents are only combined where that is exact for every real base: through products and
 * quotients the exponent must be an integer ({@code (a·b)^½} stays as it is).
 */
final class CanonicalProduct {
  static final int MAX_FACTORS = 24;

  /** The ops a canonical product is rooted at. */
  @SuppressWarnings("unchecked")
  static final Class<? extends Op>[] ROOTS =
      new Class[] {Mul.class, Div.class, Neg.class, Square.class, Pow.class};

  private CanonicalProduct() {}

  /** Whether {@code e} is a node this form rewrites. */
  static boolean isProduct(Expr e) {
    return e.op() instanceof Mul
        || e.op() instanceof Div
        || e.op() instanceof Neg
        || e.op() instanceof Square
        || (e.op() instanceof Pow && isScalarConstant(e.input(1)));
  }

  /** The factors of a matched product node, computed once for the rules that look at them. */
  static Optional<Factors> factorsOf(Rule.Match m) {
    if (!isProduct(m.node())) {
      return Optional.empty();
    }
    return m.context().computed(m.node(), "product factors", () -> factors(m.node(), m.context()));
  }

  /** The canonical form of a matched product node; empty when it is too long or not finite. */
  static Optional<Expr> rewrite(Rule.Match m) {
    Optional<Factors> factors = factorsOf(m);
    if (factors.isPresent() && isBuiltFrom(m.node(), factors.get())) {
      return Optional.of(m.node());
    }
    return factors.flatMap(f -> build(f, m.shape()));
  }

  /**
   * Whether {@code e} is already what {@link #build} makes of {@code f} in the common case of a
   * left-deep product of factors to the power 1 with no coefficient; false when unsure. Spares
   * building the product again only to find the node it started from.
   */
  private static boolean isBuiltFrom(Expr e, Factors f) {
    if (f.coefficient != 1 || f.cancels) {
      return false;
    }
    List<Expr> sorted = new ArrayList<>(f.exponents.size());
    for (Map.Entry<Expr, Double> factor : f.exponents.entrySet()) {
      if (factor.getValue() != 1) {
        return false;
      }
      sorted.add(factor.getKey());
    }
    if (sorted.size() < 2) {
      return false;
    }
    sorted.sort(CanonicalOrder.SIMPLEST_FIRST);
    Expr x = e;
    for (int i = sorted.size() - 1; i >= 1; i--) {
      if (!(x.op() instanceof Mul) || x.input(1) != sorted.get(i)) {
        return false;
      }
      x = x.input(0);
    }
    return x == sorted.get(0);
  }

  /** A product taken apart: {@code coefficient · Π base^exponent}. */
  static final class Factors {
    double coefficient = 1;
    final Map<Expr, Double> exponents = new LinkedHashMap<>();

    /**
     * Whether a factor cancels: a constant factor 0, a base met with exponents of both signs
     * ({@code x²/x}), or a base whose powers combine a fractional exponent ({@code √x·√x}, {@code
     * (√x)²}): each is exact where the factors are finite and positive, and extends the domain
     * elsewhere.
     */
    private boolean cancels;

    /** Whether a factor cancels (see the field). */
    boolean cancels() {
      return cancels;
    }

    /** Multiplies by {@code base^k}. */
    void put(Expr base, double k) {
      Double previous = exponents.get(base);
      if (previous != null
          && (Math.signum(previous) != Math.signum(k)
              || previous != Math.rint(previous)
              || k != Math.rint(k))) {
        cancels = true;
      }
      exponents.merge(base, k, Double::sum);
    }

    /** Multiplies by {@code other^power}. */
    void multiply(Factors other, double power) {
      coefficient *= Math.pow(other.coefficient, power);
      cancels |= other.cancels;
      other.exponents.forEach((base, k) -> put(base, k * power));
    }

    /** The exponent of {@code base}, 0 when it is not a factor. */
    double exponent(Expr base) {
      return exponents.getOrDefault(base, 0.0);
    }
  }

  /**
   * The factors of {@code e}, flattened through products that are not shared; empty when there are
   * too many.
   */
  static Optional<Factors> factors(Expr e, Context context) {
    if (leftSpineIsTooLong(e)) {
      return Optional.empty();
    }
    Factors f = new Factors();
    WeightedStack stack = new WeightedStack();
    stack.push(e, 1);
    int visited = 0;
    while (!stack.isEmpty()) {
      double k = stack.topWeight();
      Expr x = stack.pop();
      if (++visited > 2 * MAX_FACTORS) {
        return Optional.empty();
      }
      boolean integral = k == Math.rint(k) && (x == e || !context.isShared(x));
      OptionalDouble uniform = uniformValue(x);
      if (uniform.isPresent() && (k == 1 || k == -1)) {
        f.cancels |= k == 1 && uniform.getAsDouble() == 0;
        f.coefficient *= k == 1 ? uniform.getAsDouble() : 1 / uniform.getAsDouble();
      } else if (integral && x.op() instanceof Mul) {
        stack.push(x.input(1), k);
        stack.push(x.input(0), k);
      } else if (integral && x.op() instanceof Div) {
        stack.push(x.input(1), -k);
        stack.push(x.input(0), k);
      } else if (integral && x.op() instanceof Neg) {
        f.coefficient *= Math.abs(k) % 2 == 1 ? -1 : 1;
        stack.push(x.input(0), k);
      } else if (integral && x.op() instanceof Square) {
        stack.push(x.input(0), 2 * k);
      } else if (integral && x.op() instanceof Pow && isScalarConstant(x.input(1))) {
        double power = scalarValue(x.input(1));
        f.cancels |= k != 1 && power != Math.rint(power);
        stack.push(x.input(0), k * power);
      } else {
        f.put(x, k);
      }
    }
    return Optional.of(f);
  }

  /**
   * Whether following the first operand down through products passes more than {@link #MAX_FACTORS}
   * nodes: a cheap test that spares long chains (a gradient of a deep chain is a left-deep product)
   * a flattening that would give up anyway.
   */
  private static boolean leftSpineIsTooLong(Expr e) {
    int length = 0;
    for (Expr x = e; isProduct(x); x = x.input(0)) {
      if (++length > MAX_FACTORS) {
        return true;
      }
    }
    return false;
  }

  /** The canonical product of {@code f}, broadcast to {@code shape}; empty when not finite. */
  static Optional<Expr> build(Factors f, Shape shape) {
    double coefficient = f.coefficient;
    if (!Double.isFinite(coefficient)) {
      return Optional.empty();
    }
    if (coefficient == 0) {
      // 0 from a zero factor cancels the product; 0 from constants that underflowed is refused,
      // and so is a zero whose shape the caller left open (the factors alone do not fix it)
      return f.cancels && shape != null ? Optional.of(Patterns.zeros(shape)) : Optional.empty();
    }
    List<Expr> numerator = new ArrayList<>();
    List<Expr> denominator = new ArrayList<>();
    for (Map.Entry<Expr, Double> factor : f.exponents.entrySet()) {
      if (!Double.isFinite(factor.getValue())) {
        return Optional.empty();
      } else if (factor.getValue() > 0) {
        numerator.add(factor.getKey());
      } else if (factor.getValue() < 0) {
        denominator.add(factor.getKey());
      }
    }
    numerator.sort(CanonicalOrder.SIMPLEST_FIRST);
    denominator.sort(CanonicalOrder.SIMPLEST_FIRST);
    Expr top = product(numerator, f.exponents, 1);
    Expr bottom = product(denominator, f.exponents, -1);
    Expr body;
    if (bottom == null) {
      body = top;
    } else {
      body = Exprs.div(top == null ? Constant.of(1) : top, bottom);
    }
    Expr result = body == null ? Constant.of(coefficient) : scaled(coefficient, body);
    return Optional.of(shape == null ? result : fit(result, shape));
  }

  /** {@code f₁^k₁ ⊙ f₂^k₂ ⊙ …} left to right, with each exponent multiplied by {@code sign}. */
  private static Expr product(List<Expr> factors, Map<Expr, Double> exponents, double sign) {
    Expr p = null;
    for (Expr f : factors) {
      Expr power = power(f, sign * exponents.get(f));
      p = p == null ? power : Exprs.mul(p, power);
    }
    return p;
  }

  /** {@code x^k}, written {@code x} for 1 and {@code x²} (square) for 2. */
  static Expr power(Expr x, double k) {
    if (k == 1) {
      return x;
    }
    if (k == 2) {
      return Exprs.square(x);
    }
    return Exprs.pow(x, Constant.of(k));
  }
}

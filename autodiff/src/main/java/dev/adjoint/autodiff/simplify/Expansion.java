package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.simplify.CanonicalProduct.Factors;
import dev.adjoint.autodiff.simplify.CanonicalSum.Terms;
import dev.adjoint.autodiff.simplify.Rule.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Multiplying out, only where it pays: distributing a product over a sum when that cancels a
 * division ({@code s·(1 − s)·(a/s + b) → (1 − s)·a + s·(1 − s)·b}), and expanding products of sums
 * when the expanded sum is shorter ({@code (y − 1)·s − y·(s − 1) → s − y}). Neither is undone by
 * the canonical forms, and each strictly shrinks a measure (divisions, size), so rewriting ends.
 */
final class Expansion {
  /** Structures larger than this are not measured (and not expanded). */
  private static final int MAX_SIZE = 256;

  private Expansion() {}

  private static boolean isSumNode(Expr e) {
    return e.op() instanceof Add || e.op() instanceof Sub;
  }

  /**
   * {@code f·(a/f + b) → a + f·b}: a product distributed over a sum whose term it divides, when the
   * result is no larger.
   */
  static Optional<Expr> cancelByDistributing(Expr e, Context context) {
    if (!CanonicalProduct.isProduct(e)) {
      return Optional.empty();
    }
    Factors factors =
        context
            .computed(e, "product factors", () -> CanonicalProduct.factors(e, context))
            .orElse(null);
    if (factors == null) {
      return Optional.empty();
    }
    for (Map.Entry<Expr, Double> candidate : factors.exponents.entrySet()) {
      Expr sum = candidate.getKey();
      if (candidate.getValue() != 1 || !isSumNode(sum)) {
        continue;
      }
      Factors others = new Factors();
      others.multiply(factors, 1);
      others.exponents.remove(sum);
      Terms terms = CanonicalSum.terms(sum, context).orElse(null);
      if (terms != null && cancelsADivision(terms, others, context)) {
        return distribute(terms, others, context)
            .flatMap(t -> CanonicalSum.build(t, e.shape()))
            .filter(c -> size(c) <= size(e));
      }
    }
    return Optional.empty();
  }

  private static boolean cancelsADivision(Terms terms, Factors others, Context context) {
    for (Expr term : terms.coefficients.keySet()) {
      Factors f = CanonicalProduct.factors(term, context).orElse(null);
      if (f == null) {
        continue;
      }
      for (Map.Entry<Expr, Double> factor : f.exponents.entrySet()) {
        if (factor.getValue() < 0 && others.exponent(factor.getKey()) > 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code others · Σ terms} as a sum of canonical products. */
  private static Optional<Terms> distribute(Terms terms, Factors others, Context context) {
    Terms result = new Terms();
    for (Map.Entry<Expr, Double> t : terms.coefficients.entrySet()) {
      Factors product = CanonicalProduct.factors(t.getKey(), context).orElse(null);
      if (product == null) {
        return Optional.empty();
      }
      product.multiply(others, 1);
      product.coefficient *= t.getValue();
      Optional<Expr> built = CanonicalProduct.build(product, null);
      if (built.isEmpty()) {
        return Optional.empty();
      }
      result.add(built.get(), 1);
    }
    if (terms.scalar != 0) {
      Factors product = new Factors();
      product.multiply(others, 1);
      product.coefficient *= terms.scalar;
      Optional<Expr> built = CanonicalProduct.build(product, null);
      if (built.isEmpty()) {
        return Optional.empty();
      }
      result.add(built.get(), 1);
    }
    if (terms.tensorConstant != null) {
      Factors product = new Factors();
      product.multiply(others, 1);
      product.exponents.merge(terms.tensorConstant, 1.0, Double::sum);
      Optional<Expr> built = CanonicalProduct.build(product, null);
      if (built.isEmpty()) {
        return Optional.empty();
      }
      result.add(built.get(), 1);
    }
    return Optional.of(result);
  }

  /** A sum of products of sums multiplied out, when the result is shorter. */
  static Optional<Expr> expandIfShorter(Expr e, Context context) {
    if (!CanonicalSum.isSum(e)) {
      return Optional.empty();
    }
    Terms terms =
        context.computed(e, "sum terms", () -> CanonicalSum.terms(e, context)).orElse(null);
    if (terms == null) {
      return Optional.empty();
    }
    Terms expanded = new Terms();
    expanded.scalar = terms.scalar;
    expanded.tensorConstant = terms.tensorConstant;
    boolean changed = false;
    for (Map.Entry<Expr, Double> t : terms.coefficients.entrySet()) {
      Factors product = CanonicalProduct.factors(t.getKey(), context).orElse(null);
      if (product == null || product.exponents.keySet().stream().noneMatch(Expansion::isSumNode)) {
        expanded.add(Patterns.scaled(t.getValue(), t.getKey()), 1);
        continue;
      }
      product.coefficient *= t.getValue();
      Optional<List<Expr>> monomials = multiplyOut(product, context);
      if (monomials.isEmpty()) {
        return Optional.empty();
      }
      for (Expr m : monomials.get()) {
        expanded.add(m, 1);
      }
      changed = true;
      if (expanded.size() > CanonicalSum.MAX_TERMS) {
        return Optional.empty();
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    Optional<Expr> candidate = CanonicalSum.build(expanded, e.shape());
    return candidate.filter(c -> size(c) < size(e));
  }

  /** The monomials of a product whose sum factors (exponent 1) are multiplied out. */
  private static Optional<List<Expr>> multiplyOut(Factors product, Context context) {
    Factors rest = new Factors();
    rest.coefficient = product.coefficient;
    List<Terms> sums = new ArrayList<>();
    for (Map.Entry<Expr, Double> f : product.exponents.entrySet()) {
      Terms terms =
          f.getValue() == 1 && isSumNode(f.getKey())
              ? CanonicalSum.terms(f.getKey(), context).orElse(null)
              : null;
      if (terms == null) {
        rest.exponents.merge(f.getKey(), f.getValue(), Double::sum);
      } else {
        sums.add(terms);
      }
    }
    List<Factors> partial = List.of(rest);
    for (Terms sum : sums) {
      List<Factors> next = new ArrayList<>();
      for (Factors p : partial) {
        for (Map.Entry<Expr, Double> t : sum.coefficients.entrySet()) {
          Factors f = CanonicalProduct.factors(t.getKey(), context).orElse(null);
          if (f == null) {
            return Optional.empty();
          }
          f.multiply(p, 1);
          f.coefficient *= t.getValue();
          next.add(f);
        }
        if (sum.scalar != 0) {
          Factors f = new Factors();
          f.multiply(p, 1);
          f.coefficient *= sum.scalar;
          next.add(f);
        }
        if (sum.tensorConstant != null) {
          Factors f = new Factors();
          f.multiply(p, 1);
          f.exponents.merge(sum.tensorConstant, 1.0, Double::sum);
          next.add(f);
        }
      }
      if (next.size() > CanonicalSum.MAX_TERMS) {
        return Optional.empty();
      }
      partial = next;
    }
    List<Expr> monomials = new ArrayList<>();
    for (Factors p : partial) {
      Optional<Expr> built = CanonicalProduct.build(p, null);
      if (built.isEmpty()) {
        return Optional.empty();
      }
      monomials.add(built.get());
    }
    return Optional.of(monomials);
  }

  /**
   * The number of distinct nodes of the arithmetic around {@code root}: sums, products, powers and
   * constants, with every other subexpression counted as one node and not entered.
   */
  static int size(Expr root) {
    Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Expr> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty() && seen.size() <= MAX_SIZE) {
      Expr e = stack.pop();
      if (!seen.add(e)) {
        continue;
      }
      if (isArithmetic(e)) {
        for (Expr input : e.inputs()) {
          stack.push(input);
        }
      }
    }
    return seen.size();
  }

  private static boolean isArithmetic(Expr e) {
    return e.op() instanceof Add
        || e.op() instanceof Sub
        || e.op() instanceof Neg
        || e.op() instanceof Mul
        || e.op() instanceof Div
        || e.op() instanceof Square
        || e.op() instanceof Pow
        || e instanceof Constant;
  }
}

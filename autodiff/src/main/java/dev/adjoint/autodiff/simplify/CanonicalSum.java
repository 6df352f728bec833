package dev.adjoint.autodiff.simplify;

import static dev.adjoint.autodiff.simplify.Patterns.coefficient;
import static dev.adjoint.autodiff.simplify.Patterns.fit;
import static dev.adjoint.autodiff.simplify.Patterns.scaled;
import static dev.adjoint.autodiff.simplify.Patterns.uniformValue;
import static dev.adjoint.autodiff.simplify.Patterns.withoutCoefficient;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Sub;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canonical form of a sum: {@code Σ cᵢ·tᵢ + k}, flattened through {@code +}, {@code −} and
 * unary minus, like terms combined ({@code x + 2x → 3x}, {@code x − x → 0}), constant terms folded
 * into one. Terms are written in {@link CanonicalOrder#LARGEST_FIRST}, constants last, and positive
 * terms before negative ones: {@code X·W + b}, {@code s − y}, {@code 1 − σ(z)}.
 *
 * <p>Sums of more than {@link #MAX_TERMS} terms are left as they are, so canonicalising a long
 * chain of additions stays linear.
 */
final class CanonicalSum {
  static final int MAX_TERMS = 64;

  private CanonicalSum() {}

  /** The canonical form of a sum node; empty when {@code e} is not a sum or is too long. */
  static Optional<Expr> of(Expr e) {
    if (!(e.op() instanceof Add || e.op() instanceof Sub || e.op() instanceof Neg)) {
      return Optional.empty();
    }
    Map<Expr, Double> terms = new LinkedHashMap<>();
    double scalar = 0;
    Expr tensorConstant = null; // the sum of the non-uniform constant terms
    Deque<Expr> stack = new ArrayDeque<>();
    Deque<Double> signs = new ArrayDeque<>();
    stack.push(e);
    signs.push(1.0);
    int visited = 0;
    while (!stack.isEmpty()) {
      Expr x = stack.pop();
      double sign = signs.pop();
      if (++visited > 2 * MAX_TERMS) {
        return Optional.empty();
      }
      if (x.op() instanceof Add || x.op() instanceof Sub) {
        stack.push(x.input(1));
        signs.push(x.op() instanceof Sub ? -sign : sign);
        stack.push(x.input(0));
        signs.push(sign);
      } else if (x.op() instanceof Neg) {
        stack.push(x.input(0));
        signs.push(-sign);
      } else if (uniformValue(x).isPresent()) {
        scalar += sign * uniformValue(x).getAsDouble();
      } else if (x instanceof Constant) {
        Expr signed = sign > 0 ? x : Exprs.neg(x);
        tensorConstant = tensorConstant == null ? signed : Exprs.add(tensorConstant, signed);
      } else {
        terms.merge(withoutCoefficient(x), sign * coefficient(x), Double::sum);
      }
    }
    if (!Double.isFinite(scalar)) {
      return Optional.empty();
    }
    List<Expr> sorted = new ArrayList<>(terms.keySet());
    sorted.sort(CanonicalOrder.LARGEST_FIRST);
    List<Expr> positive = new ArrayList<>();
    List<Expr> negative = new ArrayList<>();
    for (Expr t : sorted) {
      double c = terms.get(t);
      if (!Double.isFinite(c)) {
        return Optional.empty();
      } else if (c > 0) {
        positive.add(scaled(c, t));
      } else if (c < 0) {
        negative.add(scaled(-c, t));
      }
    }
    if (tensorConstant != null) {
      positive.add(tensorConstant);
    }
    if (scalar != 0) {
      (scalar > 0 ? positive : negative).add(Constant.of(Math.abs(scalar)));
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
    return Optional.of(fit(sum, e.shape()));
  }

  /** {@code −t} for a term {@code t = c·x} written with a positive coefficient. */
  private static Expr negated(Expr t) {
    return scaled(-coefficient(t), withoutCoefficient(t));
  }
}

package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import java.util.Optional;
import java.util.function.Function;

/**
 * A gradient derived by hand, to compare with autodiff and with finite differences: either an
 * {@link Expr} (which can also be compared symbolically) or plain Java code that computes it from
 * the bindings.
 *
 * <p>Immutable; thread-safe when the Java code it wraps is.
 */
public final class HandGradient {
  private final Expr expression;
  private final Function<Bindings, Tensor> code;

  private HandGradient(Expr expression, Function<Bindings, Tensor> code) {
    this.expression = expression;
    this.code = code;
  }

  /** A hand-derived gradient written as an expression. */
  public static HandGradient of(Expr expression) {
    checkNotNull(expression, "hand-derived gradient");
    return new HandGradient(expression, bindings -> expression.eval(bindings));
  }

  /** A hand-derived gradient computed by plain Java code from the bindings. */
  public static HandGradient of(Function<Bindings, Tensor> code) {
    checkNotNull(code, "hand-derived gradient");
    return new HandGradient(null, code);
  }

  /** The expression, when the gradient was given as one. */
  public Optional<Expr> expression() {
    return Optional.ofNullable(expression);
  }

  /**
   * The gradient's value at {@code bindings}.
   *
   * @throws IllegalArgumentException when the code returns {@code null}
   */
  public Tensor evaluate(Bindings bindings) {
    Tensor value = code.apply(bindings);
    if (value == null) {
      throw new IllegalArgumentException("the hand-derived gradient returned null");
    }
    return value;
  }

  /** The expression's plain form, or {@code "Java code"}. */
  @Override
  public String toString() {
    return expression == null ? "Java code" : Reports.describe(expression);
  }
}

package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import java.util.OptionalDouble;

/** Small matchers shared by the rules. */
final class Patterns {
  private Patterns() {}

  /** Whether {@code e} is a rank-0 constant. */
  static boolean isScalarConstant(Expr e) {
    return e instanceof Constant && e.shape().isScalar();
  }

  /** The value of a rank-0 constant. */
  static double scalarValue(Expr e) {
    return ((Constant) e).tensor().item();
  }

  /**
   * The value every element of {@code e} has, when {@code e} is a constant with all elements equal
   * or a broadcast of one; empty otherwise.
   */
  static OptionalDouble uniformValue(Expr e) {
    Expr x = e.op() instanceof BroadcastTo ? e.input(0) : e;
    if (!(x instanceof Constant c)) {
      return OptionalDouble.empty();
    }
    Tensor t = c.tensor();
    double first = t.getFlat(0);
    return t.isAll(first) ? OptionalDouble.of(first) : OptionalDouble.empty();
  }

  /** Whether every element of {@code e} is the constant {@code value}. */
  static boolean isUniform(Expr e, double value) {
    OptionalDouble v = uniformValue(e);
    return v.isPresent() && v.getAsDouble() == value;
  }

  /** {@code e} broadcast to {@code shape} (itself when it has that shape already). */
  static Expr fit(Expr e, Shape shape) {
    return e.shape().equals(shape) ? e : Exprs.broadcastTo(e, shape);
  }

  /** Zeros of {@code shape}, as a broadcast scalar (folded when small). */
  static Expr zeros(Shape shape) {
    return fit(Constant.of(0), shape);
  }

  /** Ones of {@code shape}, as a broadcast scalar (folded when small). */
  static Expr ones(Shape shape) {
    return fit(Constant.of(1), shape);
  }

  /**
   * The scalar coefficient of a canonical product: {@code c} for {@code c·x}, −1 for {@code −x}, 1
   * otherwise.
   */
  static double coefficient(Expr e) {
    if (e.op() instanceof Mul && isScalarConstant(e.input(0))) {
      return scalarValue(e.input(0));
    }
    if (e.op() instanceof Neg) {
      return -1;
    }
    return 1;
  }

  /** What remains of a canonical product without its scalar coefficient. */
  static Expr withoutCoefficient(Expr e) {
    if (e.op() instanceof Mul && isScalarConstant(e.input(0))) {
      return e.input(1);
    }
    if (e.op() instanceof Neg) {
      return e.input(0);
    }
    return e;
  }

  /** {@code c·x} in canonical form: {@code x} for 1, {@code −x} for −1, zeros for 0. */
  static Expr scaled(double c, Expr x) {
    if (c == 1) {
      return x;
    }
    if (c == -1) {
      return Exprs.neg(x);
    }
    if (c == 0) {
      return zeros(x.shape());
    }
    return Exprs.mul(Constant.of(c), x);
  }
}

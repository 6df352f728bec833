package dev.adjoint.autodiff;

import dev.adjoint.autodiff.op.ConstantOp;
import java.util.List;

/**
 * A leaf holding a fixed tensor. Equal tensors give the same node.
 *
 * <p>Immutable and thread-safe.
 */
public final class Constant extends Expr {

  private Constant(Tensor value) {
    super(new ConstantOp(value), List.of(), value.shape());
  }

  /** A constant node for {@code value}. */
  public static Constant of(Tensor value) {
    com.google.common.base.Preconditions.checkNotNull(value, "value");
    return intern(new Constant(value));
  }

  /** A scalar constant. */
  public static Constant of(double value) {
    return of(Tensor.scalar(value));
  }

  /** Zeros of the given shape. */
  public static Constant zeros(Shape shape) {
    return of(Tensor.zeros(shape));
  }

  /** Ones of the given shape. */
  public static Constant ones(Shape shape) {
    return of(Tensor.ones(shape));
  }

  /** The value. */
  public Tensor tensor() {
    return ((ConstantOp) op()).value();
  }

  /** Whether every element is zero. */
  public boolean isZero() {
    return tensor().isAllZero();
  }

  /** Whether every element is {@code value}. */
  public boolean isAll(double value) {
    return tensor().isAll(value);
  }
}

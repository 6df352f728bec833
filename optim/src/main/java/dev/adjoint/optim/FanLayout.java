package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.autodiff.Shape;

/**
 * Which axes of a weight tensor are its inputs and its outputs, so that the Glorot and He
 * initialisers know fan_in (the inputs each output sums over) and fan_out.
 *
 * <p>Adjoint's models put the examples along axis 0 of the data, {@code X [N × in]}, and a dense
 * layer is {@code X·W + b} with {@code W [in × out]}: {@link #X_TIMES_W}, also the layout of JAX
 * and Flax ({@code in_axis = −2, out_axis = −1}). A model written with the examples along the
 * columns, {@code W·X} with {@code W [out × in]}, has PyTorch's {@code nn.Linear} layout: {@link
 * #W_TIMES_X}, for which fan_in and fan_out are exactly those of PyTorch's {@code
 * _calculate_fan_in_and_fan_out}. Glorot's scale is symmetric in fan_in and fan_out for a matrix,
 * so only He's depends on the choice for rank 2; for higher ranks both do.
 *
 * <p>For rank r &gt; 2 the other axes are a receptive field that multiplies both fans: the trailing
 * axes 2 … r−1 for {@code W_TIMES_X} (PyTorch's convolution kernels [out, in, k₁, …]), the leading
 * axes 0 … r−3 for {@code X_TIMES_W} (JAX's [k₁, …, in, out]).
 *
 * <p>Immutable and thread-safe.
 */
public enum FanLayout {
  /** {@code W [in × out]} used as {@code X·W}: fan_in = dim −2, fan_out = dim −1 (JAX, Flax). */
  X_TIMES_W,
  /** {@code W [out × in]} used as {@code W·X}: fan_in = dim 1, fan_out = dim 0 (PyTorch). */
  W_TIMES_X;

  /**
   * The number of inputs each output of a weight of this shape sums over.
   *
   * @throws IllegalArgumentException if the shape has rank below 2
   */
  public int fanIn(Shape shape) {
    return receptiveField(shape) * shape.dim(this == X_TIMES_W ? shape.rank() - 2 : 1);
  }

  /**
   * The number of outputs each input of a weight of this shape feeds.
   *
   * @throws IllegalArgumentException if the shape has rank below 2
   */
  public int fanOut(Shape shape) {
    return receptiveField(shape) * shape.dim(this == X_TIMES_W ? shape.rank() - 1 : 0);
  }

  private int receptiveField(Shape shape) {
    checkArgument(
        shape.rank() >= 2,
        "fan_in and fan_out need a weight of rank ≥ 2, but the shape is %s (initialise biases"
            + " with Initializer.zeros(), normal or uniform)",
        shape);
    int field = 1;
    int first = this == X_TIMES_W ? 0 : 2;
    int last = this == X_TIMES_W ? shape.rank() - 2 : shape.rank();
    for (int axis = first; axis < last; axis++) {
      field *= shape.dim(axis);
    }
    return field;
  }
}

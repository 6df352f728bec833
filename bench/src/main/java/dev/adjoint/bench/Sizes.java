package dev.adjoint.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/** Reads a benchmark size parameter such as {@code "4x8x16"} into its dimensions. */
final class Sizes {
  private Sizes() {}

  /**
   * The {@code count} positive dimensions of {@code spec}, written with {@code x} between them.
   *
   * @throws IllegalArgumentException when the spec does not have that many positive integers
   */
  static int[] parse(String spec, int count) {
    int[] dims;
    try {
      dims = Arrays.stream(spec.split("x")).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size " + spec + " is not like 4x8x16", e);
    }
    checkArgument(dims.length == count, "size %s needs %s dimensions", spec, count);
    for (int d : dims) {
      checkArgument(d > 0, "size %s has a dimension that is not positive", spec);
    }
    return dims;
  }
}

package dev.adjoint.autodiff.kernel;

import dev.adjoint.autodiff.Shape;

/**
 * Precomputed offset tables that turn broadcasting, permutation and reduction into flat loops.
 *
 * <p>Each table is built once when a program is compiled, so the evaluation loops are plain {@code
 * out[i] = x[map[i]]} with no per-element index arithmetic.
 *
 * <p>Stateless and thread-safe.
 */
public final class IndexMaps {
  private IndexMaps() {}

  /**
   * For each offset of {@code out}, the offset of the element of {@code in} that broadcasts to it;
   * {@code null} when the shapes are equal (the identity map).
   */
  public static int[] broadcast(Shape in, Shape out) {
    if (in.equals(out)) {
      return null;
    }
    int rank = out.rank();
    int lead = rank - in.rank();
    int[] inStrides = new int[rank];
    int[] inDims = in.dims();
    int[] strides = in.strides();
    for (int a = 0; a < in.rank(); a++) {
      inStrides[lead + a] = inDims[a] == 1 ? 0 : strides[a];
    }
    return walk(out, inStrides);
  }

  /**
   * For each offset of a tensor of shape {@code in}, the offset of the element it reduces into when
   * the axes marked in {@code reduced} are summed away (the output has those axes removed).
   */
  public static int[] reduce(Shape in, boolean[] reduced) {
    int rank = in.rank();
    int[] outStrides = new int[rank];
    int stride = 1;
    for (int a = rank - 1; a >= 0; a--) {
      if (!reduced[a]) {
        outStrides[a] = stride;
        stride *= in.dim(a);
      }
    }
    return walk(in, outStrides);
  }

  /**
   * For each offset of the permuted tensor (axis {@code i} of the output is axis {@code perm[i]} of
   * the input), the offset of the input element it copies.
   */
  public static int[] permute(Shape in, int[] perm) {
    int[] strides = in.strides();
    int[] outDims = new int[perm.length];
    int[] permStrides = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      outDims[i] = in.dim(perm[i]);
      permStrides[i] = strides[perm[i]];
    }
    return walk(Shape.of(outDims), permStrides);
  }

  /**
   * For each offset of a strided box of shape {@code box}, {@code start + Σ index[a]·step[a]} in
   * the row-major layout of {@code full}: the offsets a slice reads from (or a pad writes to).
   */
  public static int[] box(Shape full, Shape box, int[] start, int[] step) {
    int[] strides = full.strides();
    int base = 0;
    int[] boxStrides = new int[box.rank()];
    for (int a = 0; a < box.rank(); a++) {
      base += start[a] * strides[a];
      boxStrides[a] = step[a] * strides[a];
    }
    int[] map = walk(box, boxStrides);
    for (int i = 0; i < map.length; i++) {
      map[i] += base;
    }
    return map;
  }

  /** Σ index[a]·strides[a] for every index of {@code shape} in row-major order, iteratively. */
  private static int[] walk(Shape shape, int[] strides) {
    int n = shape.size();
    int rank = shape.rank();
    int[] map = new int[n];
    int[] index = new int[rank];
    int[] dims = shape.dims();
    int offset = 0;
    for (int i = 0; i < n; i++) {
      map[i] = offset;
      for (int a = rank - 1; a >= 0; a--) {
        index[a]++;
        offset += strides[a];
        if (index[a] < dims[a]) {
          break;
        }
        offset -= strides[a] * dims[a];
        index[a] = 0;
      }
    }
    return map;
  }
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.permute;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.transpose;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import java.util.Arrays;

/**
 * What the linear-algebra ops share: the shape checks of a batch of matrices on the last two axes,
 * and the batched transpose and product their derivative rules are written with (the 2-D ones,
 * {@code Xᵀ} and {@code A·B}, for a single matrix, so that gradients print as in the textbooks).
 */
final class Matrices {
  private Matrices() {}

  /** Checks that {@code x} is a square matrix or a batch of them, naming the op. */
  static void checkSquare(String op, Shape x) {
    if (x.rank() < 2 || x.dim(-1) != x.dim(-2)) {
      throw new IllegalArgumentException(
          op + ": needs a square matrix (or a batch of them on the last two axes), not " + x);
    }
  }

  /**
   * The leading (batch) dimensions of a shape whose last {@code inner} axes are a matrix/vector.
   */
  static int[] batchDims(Shape x, int inner) {
    return Arrays.copyOf(x.dims(), x.rank() - inner);
  }

  /** The number of matrices in a batch whose last {@code inner} axes are one item. */
  static int batchSize(Shape x, int inner) {
    int n = 1;
    for (int i = 0; i < x.rank() - inner; i++) {
      n *= x.dim(i);
    }
    return n;
  }

  /** {@code batch} followed by {@code tail}. */
  static int[] concat(int[] batch, int... tail) {
    int[] dims = Arrays.copyOf(batch, batch.length + tail.length);
    System.arraycopy(tail, 0, dims, batch.length, tail.length);
    return dims;
  }

  /** The transpose of each matrix: {@code Xᵀ} for one matrix. */
  static Expr mT(Expr x) {
    int rank = x.shape().rank();
    if (rank == 2) {
      return transpose(x);
    }
    int[] permutation = new int[rank];
    for (int i = 0; i < rank; i++) {
      permutation[i] = i;
    }
    permutation[rank - 2] = rank - 1;
    permutation[rank - 1] = rank - 2;
    return permute(x, permutation);
  }

  /**
   * The product of matching matrices of two batches of equal batch dimensions: {@code A·B} for one
   * matrix each, otherwise {@code Σₖ A[…, i, k, 1] ⊙ B[…, 1, k, j]}.
   */
  static Expr mm(Expr a, Expr b) {
    if (a.shape().rank() == 2 && b.shape().rank() == 2) {
      return matmul(a, b);
    }
    int[] batch = batchDims(a.shape(), 2);
    int i = a.shape().dim(-2);
    int k = a.shape().dim(-1);
    int j = b.shape().dim(-1);
    Expr product = mul(reshape(a, concat(batch, i, k, 1)), reshape(b, concat(batch, 1, k, j)));
    return sum(product, batch.length + 1);
  }

  /** {@code s} (one value per matrix of a batch) with two unit axes appended, to scale matrices. */
  static Expr perMatrix(Expr s) {
    return s.shape().isScalar() ? s : reshape(s, concat(s.shape().dims(), 1, 1));
  }
}

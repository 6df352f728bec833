package dev.adjoint.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.autodiff.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The op's transposed-operand kernel against the plain kernel on explicitly transposed copies. */
class MatMulKernelTest {

  @ParameterizedTest(name = "{0}×{1} · {1}×{2}")
  @CsvSource({"5, 5, 5", "3, 4, 2", "40, 30, 50", "1, 7, 1"})
  void transposedOperandsAreReadAsStored(int m, int k, int n) {
    Random r = new Random(m * 100 + k * 10 + n);
    double[] a = normals(r, m * k); // A, m×k
    double[] b = normals(r, k * n); // B, k×n
    double[] at = transpose(a, m, k); // Aᵀ stored, k×m
    double[] bt = transpose(b, k, n); // Bᵀ stored, n×k
    double[] expected = new double[m * n];
    new MatMul()
        .kernel(List.of(Shape.of(m, k), Shape.of(k, n)), Shape.of(m, n))
        .run(new double[][] {a, b}, expected);

    double[] out = new double[m * n];
    MatMul.kernel(Shape.of(k, m), true, Shape.of(k, n), false).run(new double[][] {at, b}, out);
    assertThat(out).as("(Aᵀ)ᵀ·B").isEqualTo(expected);
    MatMul.kernel(Shape.of(m, k), false, Shape.of(n, k), true).run(new double[][] {a, bt}, out);
    assertThat(out).as("A·(Bᵀ)ᵀ").isEqualTo(expected);
    MatMul.kernel(Shape.of(k, m), true, Shape.of(n, k), true).run(new double[][] {at, bt}, out);
    assertThat(out).as("(Aᵀ)ᵀ·(Bᵀ)ᵀ").isEqualTo(expected);
    // And the plain kernel was a product at all: C[0,0] is row 0 of A times column 0 of B.
    double c00 = 0;
    for (int p = 0; p < k; p++) {
      c00 += a[p] * b[p * n];
    }
    assertThat(expected[0]).isCloseTo(c00, org.assertj.core.data.Offset.offset(1e-12 * k));
  }

  @ParameterizedTest
  @CsvSource({"true, false", "false, true"})
  void flaggedOperandsMustBeMatricesWithMatchingInnerDimensions(boolean ta, boolean tb) {
    assertThatThrownBy(() -> MatMul.kernel(Shape.of(3), ta, Shape.of(3), tb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only a matrix operand can be read transposed");
    assertThatThrownBy(() -> MatMul.kernel(Shape.of(2, 3), ta, Shape.of(4, 5), tb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inner dimensions differ");
  }

  private static double[] transpose(double[] x, int rows, int cols) {
    double[] t = new double[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = x[i * cols + j];
      }
    }
    return t;
  }

  private static double[] normals(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }
}

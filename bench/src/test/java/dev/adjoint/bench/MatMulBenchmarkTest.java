package dev.adjoint.bench;

import static dev.adjoint.bench.Agreement.assertAgrees;

import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatMulBenchmarkTest {

  /** Every benchmark method computes the same product, checked against a dot-product loop here. */
  @ParameterizedTest
  @ValueSource(strings = {"64x64x64", "64x784x128", "7x300x5"})
  void everyMethodComputesTheSameProduct(String size) {
    MatMulBenchmark bench = new MatMulBenchmark();
    bench.size = size;
    bench.setUp();
    double[] expected = new double[bench.m * bench.n];
    for (int i = 0; i < bench.m; i++) {
      for (int j = 0; j < bench.n; j++) {
        double s = 0;
        for (int p = 0; p < bench.k; p++) {
          s += bench.a[i * bench.k + p] * bench.b[p * bench.n + j];
        }
        expected[i * bench.n + j] = s;
      }
    }
    check("adjoint " + size, bench::adjoint, expected);
    check("adjointThreads " + size, bench::adjointThreads, expected);
    check("ejml " + size, bench::ejml, expected);
    check("naive " + size, bench::naive, expected);
    check("netlibJava " + size, bench::netlibJava, expected);
    check("ojalgo " + size, bench::ojalgo, expected);
    // Without the module (as here) these run the fallbacks; the dgemm wiring is the same.
    MatMulVectorBenchmark vector = new MatMulVectorBenchmark();
    vector.size = size;
    vector.prepare();
    check("vector adjoint " + size, vector::adjoint, expected);
    check("vector adjointThreads " + size, vector::adjointThreads, expected);
    check("vector netlib " + size, vector::netlib, expected);
  }

  private static void check(String what, Supplier<double[]> method, double[] expected) {
    assertAgrees(what, method.get().clone(), expected);
  }
}

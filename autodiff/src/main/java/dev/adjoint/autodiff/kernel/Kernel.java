package dev.adjoint.autodiff.kernel;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.function.DoubleUnaryOperator;

/**
 * A compiled forward computation for fixed input and output shapes: reads the input buffers, writes
 * every element of the output buffer.
 *
 * <p>A kernel is stateless and may be run by several threads at once on different buffers. The
 * output buffer never aliases an input buffer.
 *
 * <p>Implementations must be thread-safe: one kernel is shared by every node with the same op and
 * shapes, and by every thread running the program.
 */
@FunctionalInterface
public interface Kernel {
  /** Computes {@code output} from {@code inputs} (row-major buffers of the compiled shapes). */
  void run(double[][] inputs, double[] output);

  /**
   * The kernel {@code out[i] = f(x[i])} of a function of one argument: {@code
   * Kernel.elementwise(MyMath::erf)}, for an op that implements {@code Op} directly. (An {@code
   * ElementwiseFunction} gets its kernel from its {@code apply}.)
   */
  static Kernel elementwise(DoubleUnaryOperator f) {
    checkNotNull(f, "f");
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = f.applyAsDouble(x[i]);
      }
    };
  }
}

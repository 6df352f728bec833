package dev.adjoint.autodiff.kernel;

/**
 * A compiled forward computation for fixed input and output shapes: reads the input buffers, writes
 * every element of the output buffer.
 *
 * <p>A kernel is stateless and may be run by several threads at once on different buffers. The
 * output buffer never aliases an input buffer.
 */
@FunctionalInterface
public interface Kernel {
  /** Computes {@code output} from {@code inputs} (row-major buffers of the compiled shapes). */
  void run(double[][] inputs, double[] output);
}

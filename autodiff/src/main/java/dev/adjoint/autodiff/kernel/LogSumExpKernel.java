package dev.adjoint.autodiff.kernel;

/**
 * {@code log Σ exp} over one strided group of elements, shifted by the group's maximum so that
 * nothing overflows: the shared core of {@code logsumexp}, {@code softmax} and {@code log_softmax}.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogSumExpKernel {
  private LogSumExpKernel() {}

  /**
   * {@code log Σⱼ exp(v[base + j·stride])} for {@code j < n}; {@code −∞} for an empty group or one
   * of {@code −∞}s.
   */
  public static double of(double[] v, int base, int n, int stride) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, v[base + j * stride]);
    }
    double shift = Double.isInfinite(max) ? 0 : max;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += Math.exp(v[base + j * stride] - shift);
    }
    return shift + Math.log(sum);
  }
}

package dev.adjoint.optim.firstorder;

/** Scalar arithmetic written the way PyTorch's CPU kernels round it, for bit-level fidelity. */
final class TorchArithmetic {
  private TorchArithmetic() {}

  /**
   * torch.lerp(start, end, weight) = start + weight (end − start), evaluated as ATen's CPU kernel
   * does: {@code start + w·d} when |w| &lt; ½, else {@code end − d·(1 − w)}, with d = end − start.
   */
  static double lerp(double start, double end, double weight) {
    double difference = end - start;
    return Math.abs(weight) < 0.5 ? start + weight * difference : end - difference * (1 - weight);
  }
}

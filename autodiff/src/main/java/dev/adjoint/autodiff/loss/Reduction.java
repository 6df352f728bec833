package dev.adjoint.autodiff.loss;

/**
 * How a loss combines its per-element (or per-example) values into one number, as PyTorch's {@code
 * reduction} argument does.
 */
public enum Reduction {
  /** The mean: PyTorch's default {@code reduction='mean'}. */
  MEAN,
  /** The sum: PyTorch's {@code reduction='sum'}. */
  SUM
}

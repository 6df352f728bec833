package dev.adjoint.autodiff.print;

/**
 * The three ways an expression can be written.
 *
 * <p>Immutable and thread-safe.
 */
public enum Style {
  /** The expression language: ASCII operators, every subexpression inlined; parses back. */
  PLAIN,
  /** Unicode math for people: {@code (σ(W·X) − y)²}, {@code Xᵀ}, {@code ⊙}. */
  UNICODE,
  /** LaTeX math: {@code \sigma}, {@code \frac{a}{b}}, {@code X^\top}, {@code \odot}. */
  LATEX
}

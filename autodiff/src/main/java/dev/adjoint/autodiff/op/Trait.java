package dev.adjoint.autodiff.op;

/**
 * An algebraic fact about an op that rewrites may rely on without knowing the op's class. An op
 * declares its traits in {@link Op#traits()}; a trait it does not declare is not assumed.
 */
public enum Trait {
  /** Each output element depends only on the elements at the same (broadcast) position. */
  ELEMENTWISE,
  /**
   * f(a·x + b·y) = a·f(x) + b·f(y) for scalars a, b: {@code neg}, {@code transpose}, {@code sum}.
   */
  LINEAR,
  /** f(x, y) = f(y, x). */
  COMMUTATIVE,
  /** f(f(x, y), z) = f(x, f(y, z)). */
  ASSOCIATIVE,
  /** f(f(x)) = f(x): {@code abs}, {@code relu}, {@code sign}. */
  IDEMPOTENT,
  /** f(−x) = −f(x): {@code sin}, {@code tanh}, {@code atan}. */
  ODD,
  /** f(−x) = f(x): {@code cos}, {@code abs}, {@code square}. */
  EVEN
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.zeros;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Set;

/**
 * An elementwise comparison giving a 0/1 mask ({@code gt}, {@code ge}, {@code lt}, {@code le},
 * {@code eq}), with broadcasting. Piecewise constant, so no gradient flows through it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Comparison extends ElementwiseBinary {

  /** The comparisons. */
  public enum Kind {
    GT,
    GE,
    LT,
    LE,
    EQ;

    /** The function name in the expression language. */
    public String functionName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Kind kind;

  /** The comparison of the given kind. */
  public Comparison(Kind kind) {
    this.kind = kind;
  }

  /** Which comparison. */
  public Kind kind() {
    return kind;
  }

  @Override
  public Notation notation() {
    return Notation.function(kind.functionName());
  }

  /** Piecewise constant: no gradient. */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return zeros(x.shape());
  }

  /** Piecewise constant: no gradient. */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return zeros(y.shape());
  }

  @Override
  public boolean isDifferentiable() {
    return false;
  }

  @Override
  public double apply(double x, double y) {
    boolean holds =
        switch (kind) {
          case GT -> x > y;
          case GE -> x >= y;
          case LT -> x < y;
          case LE -> x <= y;
          case EQ -> x == y;
        };
    return holds ? 1 : 0;
  }

  @Override
  public Set<Trait> traits() {
    return kind == Kind.EQ
        ? Set.of(Trait.ELEMENTWISE, Trait.COMMUTATIVE)
        : Set.of(Trait.ELEMENTWISE);
  }

  @Override
  protected Kernel kernel(int[] ia, int[] ib) {
    return (in, out) -> {
      double[] a = in[0];
      double[] b = in[1];
      for (int i = 0; i < out.length; i++) {
        out[i] = apply(a[ia == null ? i : ia[i]], b[ib == null ? i : ib[i]]);
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Comparison c && c.kind == kind;
  }

  /**
   * By the kind's name, not {@code kind.hashCode()}: an enum constant's hash is its identity hash,
   * which differs from one JVM run to the next, and the simplifier's canonical order hashes ops.
   */
  @Override
  public int hashCode() {
    return kind.name().hashCode();
  }
}

package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.permute;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A permutation of axes: axis {@code i} of the result is axis {@code permutation[i]} of the
 * operand. The 2-D transpose is the permutation (1, 0), printed {@code Aᵀ}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param permutation a permutation of {@code 0..rank-1}
 */
public record Transpose(ImmutableList<Integer> permutation) implements Op {

  @Override
  public Notation notation() {
    if (isMatrixTranspose()) {
      return new Notation(
          Notation.Fixity.POSTFIX,
          "'",
          "ᵀ",
          "^\\top",
          Notation.PRECEDENCE_POSTFIX,
          Notation.Associativity.NONE);
    }
    return Notation.function("transpose");
  }

  /** Whether this is the 2-D transpose. */
  public boolean isMatrixTranspose() {
    return permutation.equals(List.of(1, 0));
  }

  @Override
  public List<String> parameters() {
    return isMatrixTranspose() ? List.of() : permutation.stream().map(String::valueOf).toList();
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Shape x = inputs.get(0);
    boolean[] seen = new boolean[permutation.size()];
    boolean valid = permutation.size() == x.rank();
    for (int p : permutation) {
      valid &= p >= 0 && p < seen.length && !seen[p];
      if (valid) {
        seen[p] = true;
      }
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "transpose: " + permutation + " is not a permutation of the axes of " + x);
    }
    int[] dims = new int[x.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = x.dim(permutation.get(i));
    }
    return Shape.of(dims);
  }

  /** The gradient is permuted back by the inverse permutation. */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    int[] inverse = new int[permutation.size()];
    for (int i = 0; i < inverse.length; i++) {
      inverse[permutation.get(i)] = i;
    }
    return permute(g, inverse);
  }

  /** {@code (xᵀ)ᵀ → x}, and in general a permutation of a permutation is one permutation. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    if (isIdentity(permutation)) {
      return Optional.of(x);
    }
    if (x.op() instanceof Transpose inner) {
      int[] composed = new int[permutation.size()];
      for (int i = 0; i < composed.length; i++) {
        composed[i] = inner.permutation.get(permutation.get(i));
      }
      return Optional.of(permute(x.input(0), composed));
    }
    return Optional.empty();
  }

  private static boolean isIdentity(List<Integer> permutation) {
    for (int i = 0; i < permutation.size(); i++) {
      if (permutation.get(i) != i) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] perm = permutation.stream().mapToInt(Integer::intValue).toArray();
    int[] map = IndexMaps.permute(inputs.get(0), perm);
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = x[map[i]];
      }
    };
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.LINEAR);
  }
}

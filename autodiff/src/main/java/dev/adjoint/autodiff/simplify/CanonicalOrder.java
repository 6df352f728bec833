package dev.adjoint.autodiff.simplify;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;

/**
 * The order in which the operands of sums and products are written. {@link #SIMPLEST_FIRST} (for
 * products): constants, then variables by name, then compound expressions by height, operator name,
 * and a structural fingerprint. {@link #LARGEST_FIRST} (for sums) reverses the kinds and heights
 * but still lists names alphabetically: {@code X·W + b}, {@code x + y + 2}. The order depends only
 * on structure, so equal expressions built in any order sort alike.
 */
final class CanonicalOrder implements Comparator<Expr> {
  /** Constants, variables, then compound expressions, simpler first. */
  static final CanonicalOrder SIMPLEST_FIRST = new CanonicalOrder(false);

  /** Compound expressions (taller first), variables, then constants. */
  static final CanonicalOrder LARGEST_FIRST = new CanonicalOrder(true);

  /** How many levels of inputs a comparison looks at before falling back to the fingerprint. */
  private static final int LOOKAHEAD = 3;

  /** Height and structural fingerprint per node, computed once; entries go with their nodes. */
  private static final Cache<Expr, Key> KEYS = CacheBuilder.newBuilder().weakKeys().build();

  /**
   * @param height the longest path to a leaf
   * @param fingerprint a 64-bit hash of the structure (op, shape and inputs, recursively)
   */
  private record Key(int height, long fingerprint) {}

  private final boolean largestFirst;

  private CanonicalOrder(boolean largestFirst) {
    this.largestFirst = largestFirst;
  }

  @Override
  public int compare(Expr a, Expr b) {
    int c = compare(a, b, 0);
    return c != 0 ? c : Long.compare(key(a).fingerprint(), key(b).fingerprint());
  }

  /**
   * The order without the fingerprint: kind, name or value, height, operator name, then the inputs
   * left to right, looking at most {@link #LOOKAHEAD} levels down (so the comparison stays cheap
   * and never recurses deeply). Zero means "no readable difference found".
   */
  private int compare(Expr a, Expr b, int depth) {
    if (a == b) {
      return 0;
    }
    int c = Integer.compare(kind(a), kind(b));
    if (c != 0) {
      return largestFirst ? -c : c;
    }
    if (a instanceof Constant ca && b instanceof Constant cb) {
      c = Integer.compare(ca.shape().size(), cb.shape().size());
      if (c == 0 && ca.shape().isScalar()) {
        c = Double.compare(ca.tensor().item(), cb.tensor().item());
      }
      return c;
    }
    if (a instanceof Variable va && b instanceof Variable vb) {
      return va.name().compareTo(vb.name());
    }
    c = Integer.compare(key(a).height(), key(b).height());
    c = largestFirst ? -c : c;
    if (c == 0) {
      c = a.op().name().compareTo(b.op().name());
    }
    if (c == 0) {
      c = Integer.compare(a.inputs().size(), b.inputs().size());
    }
    for (int i = 0; c == 0 && depth < LOOKAHEAD && i < a.inputs().size(); i++) {
      c = compare(a.input(i), b.input(i), depth + 1);
    }
    return c;
  }

  private static int kind(Expr e) {
    if (e instanceof Constant) {
      return e.shape().isScalar() ? 0 : 1;
    }
    return e instanceof Variable ? 2 : 3;
  }

  /** The key of {@code root}, computing missing keys bottom-up with an explicit stack. */
  private static Key key(Expr root) {
    Key known = KEYS.getIfPresent(root);
    if (known != null) {
      return known;
    }
    Deque<Expr> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Expr e = stack.peek();
      if (KEYS.getIfPresent(e) != null) {
        stack.pop();
        continue;
      }
      boolean ready = true;
      for (Expr input : e.inputs()) {
        if (KEYS.getIfPresent(input) == null) {
          stack.push(input);
          ready = false;
        }
      }
      if (!ready) {
        continue;
      }
      int height = 0;
      long h = mix(e.op().hashCode() * 0x9E3779B97F4A7C15L + e.shape().hashCode());
      for (Expr input : e.inputs()) {
        Key k = KEYS.getIfPresent(input);
        height = Math.max(height, k.height() + 1);
        h = mix(h * 31 + k.fingerprint());
      }
      KEYS.put(e, new Key(height, h));
      stack.pop();
    }
    return KEYS.getIfPresent(root);
  }

  /** A 64-bit finaliser (from SplitMix64), so nearby inputs give distant fingerprints. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package dev.adjoint.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A seeded random DAG of scalar and vector nodes, the same for the same seed on any thread. */
final class RandomGraph {
  private RandomGraph() {}

  /**
   * Builds {@code size} nodes, each from one or two earlier ones (or fresh leaves named with {@code
   * prefix}), and returns them in the order built.
   */
  static List<Expr> build(String prefix, long seed, int size) {
    Random r = new Random(seed);
    List<Expr> nodes = new ArrayList<>(size);
    List<Expr> pool = new ArrayList<>();
    pool.add(Variable.of(prefix + "x", 3));
    pool.add(Variable.of(prefix + "y", 3));
    pool.add(Variable.of(prefix + "s"));
    while (nodes.size() < size) {
      Expr p = pool.get(r.nextInt(pool.size()));
      Expr q = pool.get(r.nextInt(pool.size()));
      Expr e =
          switch (r.nextInt(8)) {
            case 0 -> Exprs.add(p, q);
            case 1 -> Exprs.mul(p, q);
            case 2 -> Exprs.sub(p, q);
            case 3 -> Exprs.sin(p);
            case 4 -> Exprs.exp(Exprs.neg(p));
            case 5 -> Exprs.sum(p);
            case 6 -> Exprs.add(p, Exprs.constant(r.nextInt(4)));
            default -> Variable.of(prefix + "v" + r.nextInt(50), r.nextBoolean() ? 3 : 1);
          };
      nodes.add(e);
      pool.add(e);
      if (pool.size() > 64) {
        pool.remove(r.nextInt(pool.size()));
      }
    }
    return nodes;
  }
}

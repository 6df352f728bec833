package dev.adjoint.autodiff.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link PackedMatMul#multiplyRows} on blocks of C's rows, one block on the calling thread and
 * the others on the common {@link ForkJoinPool}, with task objects taken from a shared pool and
 * reset after each use, so that a warm split product allocates nothing (a lambda submitted per
 * block allocated about 116 bytes per product).
 */
final class RowBlocks {
  /** One block of rows of one product: reset and reused. */
  private static final class Block extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    transient double[] a;
    transient double[] b;
    transient double[] c;
    int ars;
    int acs;
    int brs;
    int bcs;
    int k;
    int n;
    int i0;
    int i1;

    @Override
    protected void compute() {
      PackedMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, i0, i1);
    }
  }

  /** Idle arrays of blocks, any length, shared by all threads. */
  private static final AtomicReferenceArray<Block[]> SPARE = new AtomicReferenceArray<>(8);

  private RowBlocks() {}

  /**
   * Rows {@code [0, m)} of {@code C = A·B} in {@code parts} nearly equal blocks; returns after
   * every block is written (or rethrows the first failure after every block has stopped).
   */
  static void multiply(
      double[] a,
      int ars,
      int acs,
      double[] b,
      int brs,
      int bcs,
      double[] c,
      int m,
      int k,
      int n,
      int parts) {
    Block[] blocks = acquire(parts - 1);
    int started = 0;
    try {
      for (int t = 1; t < parts; t++) {
        Block block = blocks[t - 1];
        block.reinitialize();
        block.a = a;
        block.b = b;
        block.c = c;
        block.ars = ars;
        block.acs = acs;
        block.brs = brs;
        block.bcs = bcs;
        block.k = k;
        block.n = n;
        block.i0 = rowStart(m, parts, t);
        block.i1 = rowStart(m, parts, t + 1);
        ForkJoinPool.commonPool().execute(block);
        started++;
      }
      PackedMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, 0, rowStart(m, parts, 1));
    } finally {
      // Wait for every block before returning (or rethrowing), so none writes to c later.
      Throwable failure = null;
      for (int t = 0; t < parts - 1; t++) {
        Block block = blocks[t];
        if (t < started) {
          block.quietlyJoin();
          if (failure == null) {
            failure = block.getException();
          }
        }
        // Drop the references so that an idle block keeps no caller's arrays alive.
        block.a = null;
        block.b = null;
        block.c = null;
      }
      release(blocks);
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
    }
  }

  /** The first row of block {@code t} of {@code parts} nearly equal blocks of {@code m} rows. */
  static int rowStart(int m, int parts, int t) {
    return (int) ((long) m * t / parts);
  }

  private static Block[] acquire(int count) {
    for (int s = 0; s < SPARE.length(); s++) {
      Block[] blocks = SPARE.get(s);
      if (blocks != null && blocks.length >= count && SPARE.compareAndSet(s, blocks, null)) {
        return blocks;
      }
    }
    Block[] blocks = new Block[count];
    for (int t = 0; t < count; t++) {
      blocks[t] = new Block();
    }
    return blocks;
  }

  private static void release(Block[] blocks) {
    for (int s = 0; s < SPARE.length(); s++) {
      if (SPARE.get(s) == null && SPARE.compareAndSet(s, null, blocks)) {
        return;
      }
    }
  }
}

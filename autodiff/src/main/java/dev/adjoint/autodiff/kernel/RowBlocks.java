package dev.adjoint.autodiff.kernel;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs {@link PackedMatMul#multiplyRows} on blocks of C's rows, one block on the calling thread and
 * the others on the kernel's own {@link WorkerThreads} (daemon threads started on first need and
 * parked between products), with block objects taken from a shared pool and reset after each use,
 * so that a warm split product allocates nothing on any thread. (The common fork-join pool, used
 * before, allocated a wait node on the caller for every block it joined.)
 *
 * <p>A block no worker is free for (another caller holds them all) runs on the calling thread:
 * every element is computed the same way wherever it runs, so the result does not change.
 */
final class RowBlocks {
  /**
   * The kernel's worker threads: a product of {@code parts} blocks starts at most {@code parts − 1}
   * of them, so there are at most one fewer than the largest thread count a product has used.
   */
  private static final WorkerThreads WORKERS = WorkerThreads.create("adjoint-matmul");

  /** One block of rows of one product: reset and reused. */
  private static final class Block implements Runnable {
    double[] a;
    double[] b;
    double[] c;
    int ars;
    int acs;
    int brs;
    int bcs;
    int k;
    int n;
    int i0;
    int i1;
    WorkerThreads.Worker worker;

    @Override
    public void run() {
      PackedMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, i0, i1);
    }
  }

  /** Idle arrays of blocks, any length, shared by all threads. */
  private static final AtomicReferenceArray<Block[]> SPARE = new AtomicReferenceArray<>(8);

  private RowBlocks() {}

  /**
   * Rows {@code [0, m)} of {@code C = A·B} in {@code parts} nearly equal blocks; returns after
   * every block is written (or rethrows the first failure, in block order, after every block has
   * stopped).
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
    int handed = 0;
    Throwable failure = null;
    try {
      for (int t = 1; t < parts; t++) {
        Block block = blocks[t - 1];
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
        block.worker = WORKERS.start(block, parts - 1);
        handed = t;
      }
      PackedMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, 0, rowStart(m, parts, 1));
      // Blocks no worker was free for, on this thread, in order.
      for (int t = 1; t < parts; t++) {
        if (blocks[t - 1].worker == null) {
          blocks[t - 1].run();
        }
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      // Wait for every block handed over before returning (or rethrowing), so none writes to c
      // later; the first failure in block order is the one reported.
      for (int t = 1; t <= handed; t++) {
        Block block = blocks[t - 1];
        if (block.worker != null) {
          Throwable thrown = block.worker.join();
          if (failure == null) {
            failure = thrown;
          }
        }
        // Drop the references so that an idle block keeps no caller's arrays alive.
        block.a = null;
        block.b = null;
        block.c = null;
        block.worker = null;
      }
      release(blocks);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("matmul: a block of rows failed: " + failure, failure);
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

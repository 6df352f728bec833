package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;

/**
 * Nodes (by identity) numbered 0, 1, 2, … in the order they are added: the simplifier's look-up
 * from a node to the arrays that hold its state.
 *
 * <p>Open addressing over one {@code long[]} whose cells hold a node's hash and its number, so a
 * probe that passes other nodes compares hashes in the same cache line instead of reading those
 * nodes; the node itself is read only to confirm a hash that matches. On graphs of a million nodes
 * every look-up is a cache miss, and this keeps it to about one.
 *
 * <p>Not thread-safe; one per {@code Simplifier.apply}.
 */
final class NodeNumbers {
  private Expr[] nodes;
  private int size;

  /** Per cell: the node's hash in the high half, its number + 1 in the low half; 0 when empty. */
  private long[] cells;

  private int mask;

  /**
   * Numbers + 1 of nodes looked up or {@link #remember remembered} lately, by hash: a rule builds
   * its result from the nodes it just looked at, so their look-ups hit here, in the cache, rather
   * than in the table.
   */
  private final int[] recent = new int[RECENT];

  private static final int RECENT = 1024;

  NodeNumbers(int expected) {
    nodes = new Expr[Math.max(16, expected)];
    allocate(Math.max(16, expected));
  }

  private void allocate(int capacity) {
    int n = Integer.highestOneBit(Math.max(16, capacity) - 1) << 2; // at most half full
    cells = new long[n];
    mask = n - 1;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  /** The number of {@code e}, or -1 when it was never added. */
  int find(Expr e) {
    int slot = slot(e);
    return slot >= 0 ? slot : -1;
  }

  /**
   * The number of {@code e} when it was added, else {@code -(i + 1)} for the empty cell {@code i}
   * where it belongs.
   */
  private int slot(Expr e) {
    int h = e.hashCode();
    int spread = spread(h);
    int r = recent[spread & (RECENT - 1)] - 1;
    if (r >= 0 && nodes[r] == e) {
      return r;
    }
    int i = spread & mask;
    for (long c = cells[i]; c != 0; c = cells[i]) {
      if ((int) (c >>> 32) == h) {
        int id = (int) c - 1;
        if (nodes[id] == e) {
          recent[spread & (RECENT - 1)] = id + 1;
          return id;
        }
      }
      i = (i + 1) & mask;
    }
    return -(i + 1);
  }

  /** Makes the next look-up of node {@code id} cheap (see {@link #recent}). */
  void remember(int id) {
    recent[spread(nodes[id].hashCode()) & (RECENT - 1)] = id + 1;
  }

  /**
   * The number of {@code e}, adding it when absent. A new node gets the number {@link #size()} had
   * before the call.
   */
  int add(Expr e) {
    int slot = slot(e);
    if (slot >= 0) {
      return slot;
    }
    int i = -slot - 1;
    int h = e.hashCode();
    int id = size;
    if (id == nodes.length) {
      nodes = Arrays.copyOf(nodes, 2 * id);
    }
    nodes[id] = e;
    size++;
    cells[i] = ((long) h << 32) | (id + 1L);
    recent[spread(h) & (RECENT - 1)] = id + 1;
    if (2 * size > cells.length / 2 + cells.length / 4) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    long[] old = cells;
    allocate(2 * size);
    for (long c : old) {
      if (c != 0) {
        int i = spread((int) (c >>> 32)) & mask;
        while (cells[i] != 0) {
          i = (i + 1) & mask;
        }
        cells[i] = c;
      }
    }
  }

  /** The node numbered {@code id}. */
  Expr get(int id) {
    return nodes[id];
  }

  /** The number of nodes added. */
  int size() {
    return size;
  }
}

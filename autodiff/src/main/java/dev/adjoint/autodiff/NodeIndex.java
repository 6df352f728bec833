package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Distinct nodes numbered in the order they were added, found by identity: the position table that
 * graph walks (backprop, compilation, printing) keep for every node.
 *
 * <p>Why not an {@code IdentityHashMap<Expr, Integer>}: with its boxed positions it costs about 40
 * bytes per node; this table, an array of the nodes and an open-addressing table of their
 * positions, costs 10 to 16, which matters for graphs of millions of nodes.
 *
 * <p>Not thread-safe; use one per walk.
 */
public final class NodeIndex {
  private Expr[] nodes;
  private int size;

  /** Position + 1 of the node hashed to each cell, 0 for an empty cell; a power-of-two length. */
  private int[] table;

  private int shift;

  /** An empty index. */
  public NodeIndex() {
    this(8);
  }

  /** An empty index with room for {@code expected} nodes before it grows. */
  public NodeIndex(int expected) {
    nodes = new Expr[Math.max(expected, 8)];
    allocateTable(Math.max(expected, 8));
  }

  /** The nodes of {@code list}, numbered in order; a repeated node keeps its first position. */
  public static NodeIndex of(List<? extends Expr> list) {
    NodeIndex index = new NodeIndex(list.size());
    for (Expr e : list) {
      index.add(e);
    }
    return index;
  }

  /** Adds {@code e} unless present; returns its position either way. */
  public int add(Expr e) {
    checkNotNull(e, "node");
    int cell = cell(e);
    for (int t = table[cell]; t != 0; t = table[cell]) {
      if (nodes[t - 1] == e) {
        return t - 1;
      }
      cell = (cell + 1) & (table.length - 1);
    }
    if (size == nodes.length) {
      nodes = Arrays.copyOf(nodes, size + (size >> 1) + 1);
    }
    nodes[size++] = e;
    table[cell] = size;
    if (size * 3L > table.length * 2L) {
      rehash();
    }
    return size - 1;
  }

  /** The position of {@code e}, or -1 when it was never added. */
  public int indexOf(Expr e) {
    int cell = cell(e);
    for (int t = table[cell]; t != 0; t = table[cell]) {
      if (nodes[t - 1] == e) {
        return t - 1;
      }
      cell = (cell + 1) & (table.length - 1);
    }
    return -1;
  }

  /** Whether {@code e} was added. */
  public boolean contains(Expr e) {
    return indexOf(e) >= 0;
  }

  /** The node at {@code position}. */
  public Expr get(int position) {
    if (position < 0 || position >= size) {
      throw new IndexOutOfBoundsException("position " + position + " of " + size + " nodes");
    }
    return nodes[position];
  }

  /** The number of nodes. */
  public int size() {
    return size;
  }

  /** The nodes in order, as an unmodifiable view (it grows as nodes are added). */
  public List<Expr> nodes() {
    return new View();
  }

  /** The nodes in order, copied. */
  public Expr[] toArray() {
    return Arrays.copyOf(nodes, size);
  }

  private int cell(Expr e) {
    // Expr.hashCode is a stored field; Fibonacci hashing spreads it over the table's high bits.
    return (e.hashCode() * 0x9E3779B9) >>> shift;
  }

  private void allocateTable(int capacity) {
    int cells = Integer.highestOneBit(Math.max(4, capacity * 3 / 2)) << 1;
    table = new int[cells];
    shift = 32 - Integer.numberOfTrailingZeros(cells);
  }

  private void rehash() {
    allocateTable(size);
    for (int i = 0; i < size; i++) {
      int cell = cell(nodes[i]);
      while (table[cell] != 0) {
        cell = (cell + 1) & (table.length - 1);
      }
      table[cell] = i + 1;
    }
  }

  private final class View extends AbstractList<Expr> implements RandomAccess {
    @Override
    public Expr get(int index) {
      return NodeIndex.this.get(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}

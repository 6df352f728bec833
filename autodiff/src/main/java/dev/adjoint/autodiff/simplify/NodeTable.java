package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;

/**
 * A table from nodes (by identity) to a state object and a use count, with open addressing: the
 * simplifier's per-node bookkeeping, which on graphs of a million nodes is a large part of its
 * cost, without the boxing and entry objects of a general map. A node and its state sit side by
 * side in one array, so a look-up touches one cache line.
 */
final class NodeTable {
  /** Node at {@code 2i}, its state at {@code 2i + 1}. */
  private Object[] slots;

  private int[] uses;
  private int size;

  NodeTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new Object[2 * capacity];
    uses = new int[capacity];
  }

  /** The index of {@code e}, or the complement of the free index where it would go. */
  private int index(Expr e) {
    int mask = uses.length - 1;
    int i = mix(e.hashCode()) & mask;
    while (true) {
      Object k = slots[2 * i];
      if (k == e) {
        return i;
      }
      if (k == null) {
        return ~i;
      }
      i = (i + 1) & mask;
    }
  }

  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  private int indexFor(Expr e) {
    int i = index(e);
    if (i >= 0) {
      return i;
    }
    if (2 * (size + 1) > uses.length) {
      grow();
      i = index(e);
    }
    i = ~i;
    slots[2 * i] = e;
    size++;
    return i;
  }

  private void grow() {
    Object[] oldSlots = slots;
    int[] oldUses = uses;
    slots = new Object[2 * oldSlots.length];
    uses = new int[2 * oldUses.length];
    for (int j = 0; j < oldUses.length; j++) {
      Object key = oldSlots[2 * j];
      if (key != null) {
        int i = ~index((Expr) key);
        slots[2 * i] = key;
        slots[2 * i + 1] = oldSlots[2 * j + 1];
        uses[i] = oldUses[j];
      }
    }
  }

  /** Makes room for {@code n} nodes in all, so that the table does not grow while they arrive. */
  void reserve(int n) {
    while (2 * n > uses.length) {
      grow();
    }
  }

  /** The number of nodes in the table. */
  int size() {
    return size;
  }

  /** The state of {@code e}, or null when it has none. */
  Object state(Expr e) {
    int i = index(e);
    return i >= 0 ? slots[2 * i + 1] : null;
  }

  void setState(Expr e, Object state) {
    int i = indexFor(e); // before reading the field: indexFor may grow the arrays
    slots[2 * i + 1] = state;
  }

  /** How many uses of {@code e} were counted. */
  int uses(Expr e) {
    int i = index(e);
    return i >= 0 ? uses[i] : 0;
  }

  /** Adds {@code n} uses of {@code e}; returns the count before. */
  int addUses(Expr e, int n) {
    int i = indexFor(e);
    int before = uses[i];
    uses[i] += n;
    return before;
  }
}

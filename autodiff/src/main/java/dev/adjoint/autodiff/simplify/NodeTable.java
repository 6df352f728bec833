package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;

/**
 * A table from nodes (by identity) to a state object and a use count, with open addressing: the
 * simplifier's per-node bookkeeping, which on graphs of a million nodes is its main cost, without
 * the boxing and entry objects of a general map.
 */
final class NodeTable {
  private Expr[] keys;
  private Object[] states;
  private int[] uses;
  private int size;

  NodeTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new Expr[capacity];
    states = new Object[capacity];
    uses = new int[capacity];
  }

  /** The slot of {@code e}, or the complement of the free slot where it would go. */
  private int slot(Expr e) {
    int mask = keys.length - 1;
    int i = mix(e.hashCode()) & mask;
    while (true) {
      Expr k = keys[i];
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
    return h ^ (h >>> 16);
  }

  private int slotFor(Expr e) {
    int i = slot(e);
    if (i >= 0) {
      return i;
    }
    if (2 * (size + 1) > keys.length) {
      grow();
      i = slot(e);
    }
    i = ~i;
    keys[i] = e;
    size++;
    return i;
  }

  private void grow() {
    Expr[] oldKeys = keys;
    Object[] oldStates = states;
    int[] oldUses = uses;
    keys = new Expr[oldKeys.length * 2];
    states = new Object[keys.length];
    uses = new int[keys.length];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int i = ~slot(oldKeys[j]);
        keys[i] = oldKeys[j];
        states[i] = oldStates[j];
        uses[i] = oldUses[j];
      }
    }
  }

  /** The state of {@code e}, or null when it has none. */
  Object state(Expr e) {
    int i = slot(e);
    return i >= 0 ? states[i] : null;
  }

  void setState(Expr e, Object state) {
    int i = slotFor(e); // before reading the field: slotFor may grow the arrays
    states[i] = state;
  }

  /** How many uses of {@code e} were counted. */
  int uses(Expr e) {
    int i = slot(e);
    return i >= 0 ? uses[i] : 0;
  }

  /** Adds {@code n} uses of {@code e}; returns the count before. */
  int addUses(Expr e, int n) {
    int i = slotFor(e);
    int before = uses[i];
    uses[i] += n;
    return before;
  }

  int size() {
    return size;
  }

  @Override
  public String toString() {
    return "NodeTable" + Arrays.toString(new int[] {size, keys.length});
  }
}

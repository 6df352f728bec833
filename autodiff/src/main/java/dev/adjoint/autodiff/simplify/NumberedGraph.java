package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;
import java.util.List;

/**
 * The graph a {@code Simplifier.apply} works on, numbered: every node met gets a number ({@link
 * NodeNumbers}) and its inputs' numbers are listed once, so that walks after the first follow
 * numbers instead of hashing nodes. For the current roots it holds each node's use count and the
 * nodes in topological order (inputs left to right, as a depth-first walk finishes them).
 *
 * <p>Nodes of the kept graph ({@code frozen}) count as used twice, so that no rule flattens them,
 * and are not entered.
 *
 * <p>Not thread-safe; one per {@code Simplifier.apply}.
 */
final class NumberedGraph {
  /** {@link #firstInput} of a node whose inputs are not listed yet. */
  private static final int UNLISTED = -1;

  /** {@link #firstInput} of a frozen node, whose inputs are never looked at. */
  private static final int FROZEN = -2;

  private final NodeNumbers numbers;

  /** Per node: where its inputs' numbers start in {@link #inputs}, or UNLISTED, or FROZEN. */
  private int[] firstInput;

  private int[] inputs;
  private int inputCount;

  /** Per node: how many nodes of the current graph use it (plus 2 when frozen). */
  private int[] uses;

  /** The nodes of the current graph in topological order. */
  private int[] order;

  private int ordered;

  private NumberedGraph(int expected) {
    this.numbers = new NodeNumbers(expected);
    int capacity = Math.max(16, expected);
    firstInput = new int[capacity];
    inputs = new int[2 * capacity];
    uses = new int[capacity];
    order = new int[capacity];
  }

  /**
   * The graph of {@code roots}, numbered by one iterative walk, with the nodes of {@code kept}'s
   * graph (when not null) frozen: numbered first, so that one look-up tells a node met later
   * whether it is one of them.
   */
  static NumberedGraph of(List<Expr> roots, Expr kept) {
    NumberedGraph g = new NumberedGraph(1024);
    if (kept != null) {
      g.freeze(kept);
    }
    int[] ids = new int[roots.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = g.number(roots.get(i));
    }
    g.count(ids);
    return g;
  }

  /** Numbers the nodes of the graph of {@code root} as frozen, walking it iteratively. */
  private void freeze(Expr root) {
    int[] pending = new int[64];
    int count = 0;
    pending[count++] = numberFrozen(root);
    while (count > 0) {
      Expr e = numbers.get(pending[--count]);
      for (int i = 0; i < e.arity(); i++) {
        int size = numbers.size();
        int id = numberFrozen(e.input(i));
        if (id == size) {
          if (count == pending.length) {
            pending = Arrays.copyOf(pending, 2 * count);
          }
          pending[count++] = id;
        }
      }
    }
  }

  private int numberFrozen(Expr e) {
    int size = numbers.size();
    int id = number(e);
    if (id == size) {
      firstInput[id] = FROZEN;
    }
    return id;
  }

  /** The number of nodes numbered so far (of this graph and of earlier ones). */
  int size() {
    return numbers.size();
  }

  /** The node numbered {@code id}. */
  Expr get(int id) {
    return numbers.get(id);
  }

  /** The number of {@code e}, or -1 when it was never numbered. */
  int find(Expr e) {
    return numbers.find(e);
  }

  /** Makes the next look-up of node {@code id} cheap: a rule is about to build from it. */
  void remember(int id) {
    numbers.remember(id);
  }

  /** Whether node {@code id} is kept as it is. */
  boolean isFrozen(int id) {
    return firstInput[id] == FROZEN;
  }

  /** The number of {@code e}, numbering it when it is new. */
  int number(Expr e) {
    int size = numbers.size();
    int id = numbers.add(e);
    if (id != size) {
      return id;
    }
    if (id == firstInput.length) {
      firstInput = Arrays.copyOf(firstInput, 2 * id);
    }
    if (id >= uses.length) {
      uses = Arrays.copyOf(uses, firstInput.length);
    }
    firstInput[id] = UNLISTED;
    uses[id] = 0;
    return id;
  }

  /** Where the numbers of the inputs of node {@code id} start in {@link #input}. */
  int inputsOf(int id) {
    int first = firstInput[id];
    if (first >= 0) {
      return first;
    }
    Expr e = numbers.get(id);
    int arity = e.arity();
    first = inputCount;
    if (first + arity > inputs.length) {
      inputs = Arrays.copyOf(inputs, Math.max(2 * inputs.length, first + arity));
    }
    inputCount += arity;
    for (int i = 0; i < arity; i++) {
      int in = number(e.input(i));
      inputs[first + i] = in;
    }
    firstInput[id] = first;
    return first;
  }

  /** The number at {@code position} of the inputs' list ({@code inputsOf(id) + i}). */
  int input(int position) {
    return inputs[position];
  }

  /** How many nodes of the current graph use node {@code id}, as counted and passed on. */
  int uses(int id) {
    return uses[id];
  }

  /** Adds {@code n} uses of node {@code id} (a rewritten node passes its uses on). */
  void addUses(int id, int n) {
    uses[id] += n;
  }

  /** The number of nodes of the current graph. */
  int orderedCount() {
    return ordered;
  }

  /** The node at {@code position} of the current graph's topological order. */
  int ordered(int position) {
    return order[position];
  }

  /**
   * Makes the graph of the nodes {@code rootIds} the current one: counts uses and orders the nodes
   * topologically with an iterative depth-first walk over numbers.
   */
  void count(int[] rootIds) {
    uses = new int[Math.max(16, firstInput.length)];
    boolean[] seen = new boolean[uses.length];
    ordered = 0;
    int[] stack = new int[64];
    int[] next = new int[64];
    for (int root : rootIds) {
      if (seen[root]) {
        continue;
      }
      seen[root] = true;
      int top = 0;
      stack[0] = root;
      next[0] = 0;
      while (top >= 0) {
        int id = stack[top];
        int arity = firstInput[id] == FROZEN ? 0 : numbers.get(id).arity();
        int i = next[top];
        if (i == 0 && firstInput[id] == FROZEN) {
          uses[id] += 2;
        }
        if (i == arity) {
          top--;
          addToOrder(id);
          continue;
        }
        next[top] = i + 1;
        int first = inputsOf(id); // before reading the field: listing may grow the array
        int in = inputs[first + i];
        if (in >= seen.length) { // numbered just now by inputsOf
          seen = Arrays.copyOf(seen, Math.max(2 * seen.length, firstInput.length));
        }
        if (in >= uses.length) {
          uses = Arrays.copyOf(uses, firstInput.length);
        }
        uses[in]++;
        if (seen[in]) {
          continue;
        }
        seen[in] = true;
        if (++top == stack.length) {
          stack = Arrays.copyOf(stack, 2 * top);
          next = Arrays.copyOf(next, 2 * top);
        }
        stack[top] = in;
        next[top] = 0;
      }
    }
  }

  private void addToOrder(int id) {
    if (ordered == order.length) {
      order = Arrays.copyOf(order, 2 * ordered);
    }
    order[ordered++] = id;
  }
}

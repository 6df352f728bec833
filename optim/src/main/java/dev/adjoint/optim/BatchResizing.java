package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.Slice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds an expression written for B examples so that it holds another number of examples: the
 * given variables get a new length along axis 0 (their example axis) and every node that depends on
 * them is rebuilt with the same op, so its shape follows. This is what re-tracing a function at a
 * new batch size does in JAX; it serves the last, smaller minibatch and evaluation on new data.
 *
 * <p>Ops whose value depends on the number of examples adapt, because they read it from their
 * input's shape: {@code mean} divides a batch of m examples by m. Ops that hold dimensions follow a
 * resized axis where they take it whole: a {@code reshape} that keeps axis 0 (as {@code keepdims}
 * does), a slice or pad that takes the axis whole ({@code X[:, 0]}), a broadcast that keeps it. A
 * literal written into the expression does not adapt: a loss written as {@code sum(…) / 32} divides
 * every batch by 32, so write batch means with {@code mean}; a slice of particular examples ({@code
 * X[0:2]}) stays those examples or fails.
 *
 * <p>Before rebuilding at the requested sizes, the expression is rebuilt once at a probe size that
 * is neither 1 nor any dimension of the original graph. It fails there if anything fixes the number
 * of examples (a constant, a {@code reshape} or {@code broadcast_to} to the old size, or a
 * broadcast of the example axis against another axis), which at size 1 could otherwise broadcast
 * silently into a wrong value. Such an expression is rejected with a message naming it.
 *
 * <p>Stateless and thread-safe.
 */
public final class BatchResizing {
  private BatchResizing() {}

  /**
   * {@code expr} with each variable of {@code rows} given that many examples along axis 0.
   * Variables of {@code rows} that {@code expr} does not use are ignored.
   *
   * @throws IllegalArgumentException if a variable is a scalar, a count is below 1, or the
   *     expression cannot hold another number of examples
   */
  public static Expr resize(Expr expr, Map<Variable, Integer> rows) {
    checkArgument(expr != null, "expression is null");
    checkArgument(rows != null, "row counts are null");
    for (Map.Entry<Variable, Integer> entry : rows.entrySet()) {
      Variable variable = entry.getKey();
      checkArgument(variable != null && entry.getValue() != null, "null variable or row count");
      checkArgument(
          variable.shape().rank() >= 1,
          "%s is a scalar, so it has no example axis to resize",
          variable.name());
      checkArgument(
          entry.getValue() >= 1,
          "%s needs at least 1 example, got %s",
          variable.name(),
          entry.getValue());
    }
    List<Expr> order = Graph.topologicalOrder(List.of(expr));
    boolean changes = false;
    for (Expr node : order) {
      if (node instanceof Variable v && rows.containsKey(v) && rows.get(v) != v.shape().dim(0)) {
        changes = true;
      }
    }
    if (!changes) {
      return expr;
    }
    Map<Variable, Integer> probe = new LinkedHashMap<>();
    int probeRows = probeSize(order);
    for (Variable variable : rows.keySet()) {
      probe.put(variable, probeRows);
    }
    try {
      rebuild(order, probe);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "%s cannot be evaluated on another number of examples of %s: something in it fixes"
                  + " the number of examples along axis 0 (a constant, reshape or broadcast of that"
                  + " size); at %d examples: %s",
              expr, names(rows), probeRows, e.getMessage()),
          e);
    }
    try {
      return rebuild(order, rows);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "%s cannot be evaluated with %s examples: %s", expr, describe(rows), e.getMessage()),
          e);
    }
  }

  private static Expr rebuild(List<Expr> order, Map<Variable, Integer> rows) {
    Map<Expr, Expr> rebuilt = new IdentityHashMap<>();
    for (Expr node : order) {
      Expr copy;
      if (node instanceof Variable v && rows.containsKey(v)) {
        int[] dims = v.shape().dims();
        dims[0] = rows.get(v);
        copy = Variable.of(v.name(), Shape.of(dims));
      } else {
        List<Expr> inputs = new ArrayList<>(node.inputs().size());
        boolean changed = false;
        for (Expr input : node.inputs()) {
          Expr newInput = rebuilt.get(input);
          inputs.add(newInput);
          changed |= newInput != input;
        }
        copy = changed ? rebuildNode(node, inputs) : node;
      }
      rebuilt.put(node, copy);
    }
    return rebuilt.get(order.get(order.size() - 1));
  }

  /**
   * {@code node}'s op applied to {@code inputs}, its resized operands. Ops whose parameters hold
   * dimensions get them resized where the operand's dimension changed and the op takes that axis
   * whole; anything else keeps its parameters, so a fixed size fails the shape check.
   */
  private static Expr rebuildNode(Expr node, List<Expr> inputs) {
    Op op = node.op();
    Shape before = node.input(0).shape();
    Shape after = inputs.get(0).shape();
    if (op instanceof Reshape reshape) {
      return Expr.apply(resized(reshape, before, after, node.shape()), inputs);
    }
    if (op instanceof BroadcastTo broadcast) {
      return Expr.apply(resized(broadcast, before, after), inputs);
    }
    if (op instanceof Slice slice) {
      return Expr.apply(new Slice(resizedOperandRanges(slice.ranges(), before, after)), inputs);
    }
    if (op instanceof Pad pad) {
      return Expr.apply(resized(pad, before, after), inputs);
    }
    return Expr.apply(op, inputs);
  }

  /** A reshape that keeps axis 0 reshapes each example alike: [B, …] → [B, …′] becomes [M, …′]. */
  private static Reshape resized(Reshape reshape, Shape before, Shape after, Shape output) {
    boolean onlyAxis0 = before.rank() >= 1 && before.rank() == after.rank();
    for (int a = 1; onlyAxis0 && a < before.rank(); a++) {
      onlyAxis0 = before.dim(a) == after.dim(a);
    }
    if (!onlyAxis0 || output.rank() == 0 || output.dim(0) != before.dim(0)) {
      return reshape;
    }
    List<Integer> dims = new ArrayList<>(reshape.dims());
    dims.set(0, after.dim(0));
    return new Reshape(ImmutableList.copyOf(dims));
  }

  /** A broadcast that keeps a resized axis whole follows it; one that repeats it stays fixed. */
  private static BroadcastTo resized(BroadcastTo broadcast, Shape before, Shape after) {
    List<Integer> dims = new ArrayList<>(broadcast.dims());
    int shift = dims.size() - before.rank();
    for (int a = 0; a < before.rank() && before.rank() == after.rank(); a++) {
      if (before.dim(a) != after.dim(a) && dims.get(a + shift) == before.dim(a)) {
        dims.set(a + shift, after.dim(a));
      }
    }
    return new BroadcastTo(ImmutableList.copyOf(dims));
  }

  /** Ranges over an operand: a resized axis taken whole is taken whole at its new size. */
  private static ImmutableList<Slice.Range> resizedOperandRanges(
      List<Slice.Range> ranges, Shape before, Shape after) {
    List<Slice.Range> resized = new ArrayList<>(ranges);
    for (int a = 0; a < ranges.size() && before.rank() == after.rank(); a++) {
      Slice.Range r = ranges.get(a);
      if (before.dim(a) != after.dim(a) && isWhole(r, before.dim(a))) {
        resized.set(a, new Slice.Range(0, after.dim(a), 1, false));
      }
    }
    return ImmutableList.copyOf(resized);
  }

  /** A pad that leaves a resized axis unpadded follows it. */
  private static Pad resized(Pad pad, Shape before, Shape after) {
    List<Integer> dims = new ArrayList<>(pad.dims());
    List<Slice.Range> ranges = new ArrayList<>(pad.ranges());
    int operandAxis = 0;
    for (int a = 0; a < ranges.size() && before.rank() == after.rank(); a++) {
      Slice.Range r = ranges.get(a);
      if (r.drop()) {
        continue;
      }
      int old = before.dim(operandAxis);
      int now = after.dim(operandAxis);
      if (old != now && dims.get(a) == old && isWhole(r, old)) {
        dims.set(a, now);
        ranges.set(a, new Slice.Range(0, now, 1, false));
      }
      operandAxis++;
    }
    return new Pad(ImmutableList.copyOf(dims), ImmutableList.copyOf(ranges));
  }

  private static boolean isWhole(Slice.Range r, int dim) {
    return !r.drop() && r.start() == 0 && r.step() == 1 && r.count() == dim;
  }

  /** The smallest size ≥ 2 that is no dimension of any node, so nothing can broadcast with it. */
  private static int probeSize(List<Expr> order) {
    Set<Integer> dims = new HashSet<>();
    for (Expr node : order) {
      for (int dim : node.shape().dims()) {
        dims.add(dim);
      }
    }
    int size = 2;
    while (dims.contains(size)) {
      size++;
    }
    return size;
  }

  private static String names(Map<Variable, Integer> rows) {
    List<String> names = new ArrayList<>();
    for (Variable variable : rows.keySet()) {
      names.add(variable.name() + " " + variable.shape());
    }
    return String.join(", ", names);
  }

  private static String describe(Map<Variable, Integer> rows) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Variable, Integer> entry : rows.entrySet()) {
      parts.add(entry.getKey().name() + ": " + entry.getValue());
    }
    return String.join(", ", parts);
  }
}

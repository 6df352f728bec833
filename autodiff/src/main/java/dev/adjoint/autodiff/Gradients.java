package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbolic gradients by reverse-mode differentiation: {@code loss.gradient(W, b).of(W)} is an
 * {@link Expr}, which can be printed, evaluated, and differentiated again.
 *
 * <p>Backprop walks the graph once in reverse topological order (iteratively, so a chain of a
 * million nodes is fine), asks each op for the vector-Jacobian product of each input as an
 * expression, sums it back to the input's shape (un-broadcasting), and accumulates fan-out. Nodes
 * that do not depend on the requested variables are never visited.
 *
 * <p>The gradients are then simplified ({@link Simplifier#simplify}), so that they read like a hand
 * derivation: {@code 2 * (X' @ (X @ w - y))} rather than the backprop graph with its reshapes and
 * multiplications by one. {@link #raw} and {@link #vjpRaw} return the backprop graph as built; both
 * forms evaluate to the same values. {@link #hessian}, {@link #hvp} and {@link #jacobian}
 * differentiate the simplified gradients.
 *
 * <p>Immutable and thread-safe.
 */
public final class Gradients {
  private final Expr output;
  private final ImmutableMap<Variable, Expr> gradients;

  private Gradients(Expr output, ImmutableMap<Variable, Expr> gradients) {
    this.output = output;
    this.gradients = gradients;
  }

  /**
   * The gradient of a scalar {@code loss} with respect to each variable, simplified.
   *
   * @throws IllegalArgumentException when the loss is not a scalar (use {@link #vjp} or sum it)
   */
  public static Gradients of(Expr loss, Variable... wrt) {
    return raw(loss, wrt).simplified();
  }

  /**
   * The gradient of a scalar {@code loss} as backprop builds it, without simplification.
   *
   * @throws IllegalArgumentException when the loss is not a scalar
   */
  public static Gradients raw(Expr loss, Variable... wrt) {
    checkNotNull(loss, "loss");
    if (!loss.shape().isScalar()) {
      throw new IllegalArgumentException(
          "gradient needs a scalar loss, but "
              + PlainPrinter.brief(loss)
              + " has shape "
              + loss.shape()
              + "; sum it, or use Gradients.vjp with a cotangent");
    }
    return vjpRaw(loss, Exprs.constant(1), wrt);
  }

  /**
   * The vector-Jacobian products {@code cotangentᵀ · ∂output/∂v} for each variable, simplified:
   * backprop seeded with {@code cotangent}, which must broadcast to the output's shape.
   */
  public static Gradients vjp(Expr output, Expr cotangent, Variable... wrt) {
    return vjpRaw(output, cotangent, wrt).simplified();
  }

  /** As {@link #vjp}, without simplification. */
  public static Gradients vjpRaw(Expr output, Expr cotangent, Variable... wrt) {
    checkNotNull(output, "output");
    checkNotNull(cotangent, "cotangent");
    checkArgument(wrt.length > 0, "name at least one variable to differentiate with respect to");
    for (int i = 0; i < wrt.length; i++) {
      checkNotNull(
          wrt[i], "variable %s of %s to differentiate with respect to is null", i, wrt.length);
    }
    if (!cotangent.shape().broadcastsTo(output.shape())) {
      throw new ShapeMismatchException(
          "vjp: cotangent "
              + cotangent.shape()
              + " does not fit output "
              + output.shape()
              + " of "
              + PlainPrinter.brief(output));
    }
    Map<Expr, Expr> adjoints = backprop(output, Exprs.broadcastTo(cotangent, output.shape()), wrt);
    Map<Variable, Expr> result = new LinkedHashMap<>();
    for (Variable v : wrt) {
      Expr g = adjoints.get(v);
      result.put(v, g == null ? Exprs.zeros(v.shape()) : g);
    }
    return new Gradients(output, ImmutableMap.copyOf(result));
  }

  /**
   * The Jacobian {@code ∂output/∂v}, of shape {@code output.shape ++ v.shape}: one vjp per output
   * element.
   *
   * @throws IllegalArgumentException when the Jacobian would have more than {@link Shape#MAX_SIZE}
   *     elements (checked before any work is done)
   */
  public static Expr jacobian(Expr output, Variable v) {
    Shape out = output.shape();
    int[] dims = new int[out.rank() + v.shape().rank()];
    System.arraycopy(out.dims(), 0, dims, 0, out.rank());
    System.arraycopy(v.shape().dims(), 0, dims, out.rank(), v.shape().rank());
    // Checked before any of the out.size() backward passes: an n×n result over the element limit
    // is refused at once instead of after hours of work.
    Shape shape = Shape.of(dims);
    if (out.size() == 0) {
      return Exprs.zeros(shape);
    }
    List<Expr> rows = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      double[] seed = new double[out.size()];
      seed[i] = 1;
      Expr row = vjp(output, Exprs.constant(Tensor.wrap(out, seed)), v).of(v);
      rows.add(Exprs.reshape(row, 1, v.shape().size()));
    }
    Expr stacked = Exprs.concat(0, rows.toArray(new Expr[0]));
    return Exprs.reshape(stacked, dims);
  }

  /**
   * The Hessian of a scalar loss: the Jacobian of its gradient, of shape {@code x.shape ++
   * x.shape}.
   *
   * @throws IllegalArgumentException when the n×n Hessian would have more than {@link
   *     Shape#MAX_SIZE} elements (checked before any work is done)
   */
  public static Expr hessian(Expr loss, Variable x) {
    long n = x.shape().size();
    if (n * n > Shape.MAX_SIZE) {
      throw new IllegalArgumentException(
          String.format(
              "hessian: %s has %d elements, so its Hessian would have %d, more than the limit of"
                  + " %d per tensor",
              x.name(), n, n * n, Shape.MAX_SIZE));
    }
    return jacobian(of(loss, x).of(x), x);
  }

  /**
   * The Hessian-vector product {@code ∇²loss · v}, without forming the Hessian: the gradient of
   * {@code ⟨∇loss, v⟩}. {@code v} has {@code x}'s shape and may be a variable bound later.
   */
  public static Expr hvp(Expr loss, Variable x, Expr v) {
    Expr g = of(loss, x).of(x);
    return of(Exprs.dot(g, v), x).of(x);
  }

  /**
   * These gradients simplified together, so that subexpressions they share stay shared, and the
   * output simplified too, so that it shares them as well (see {@link #output()}).
   */
  private Gradients simplified() {
    List<Expr> simplified = Simplifier.standard().apply(List.copyOf(gradients.values()));
    Map<Variable, Expr> result = new LinkedHashMap<>();
    int i = 0;
    for (Variable v : gradients.keySet()) {
      result.put(v, simplified.get(i++));
    }
    return new Gradients(Simplifier.simplify(output), ImmutableMap.copyOf(result));
  }

  /**
   * The gradient with respect to {@code v}.
   *
   * @throws IllegalArgumentException when {@code v} was not among the variables requested
   */
  public Expr of(Variable v) {
    Expr g = gradients.get(v);
    checkArgument(
        g != null, "no gradient was requested for %s; requested: %s", v, gradients.keySet());
    return g;
  }

  /**
   * The differentiated expression. For simplified gradients it is simplified as well (the same
   * value, in the same canonical form as the gradients), so compile it together with them: {@code
   * Program.compile(g.output(), g.of(W))} computes their common subexpressions once. The original
   * user's form can differ in operand order ({@code sin(x)·a} against {@code a·sin(x)}) and would
   * then be computed separately.
   */
  public Expr output() {
    return output;
  }

  /** The gradients in the order the variables were named. */
  public List<Expr> list() {
    return List.copyOf(gradients.values());
  }

  /** The gradients by variable, in the order the variables were named. */
  public Map<Variable, Expr> asMap() {
    return gradients;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    gradients.forEach(
        (v, g) -> sb.append("∂/∂").append(v.name()).append(" = ").append(g).append('\n'));
    return sb.toString();
  }

  /**
   * Reverse accumulation: the adjoint of every requested variable that lies on a path to the
   * output. Adjoints are kept in an array indexed by topological position, and each is dropped once
   * its node has passed it on, so the walk holds only the adjoints not yet consumed.
   */
  private static Map<Expr, Expr> backprop(Expr output, Expr seed, Variable[] wrt) {
    NodeIndex order = Graph.topologicalIndex(List.of(output));
    int n = order.size();
    boolean[] target = new boolean[n];
    for (Variable v : wrt) {
      int p = order.indexOf(v);
      if (p >= 0) {
        target[p] = true;
      }
    }
    boolean[] relevant = new boolean[n];
    for (int k = 0; k < n; k++) {
      Expr node = order.get(k);
      if (target[k]) {
        relevant[k] = true;
      } else if (node.op().isDifferentiable()) {
        for (int i = 0; i < node.arity(); i++) {
          if (relevant[order.indexOf(node.input(i))]) {
            relevant[k] = true;
            break;
          }
        }
      }
    }
    Map<Expr, Expr> result = new IdentityHashMap<>();
    if (!relevant[n - 1]) {
      return result;
    }
    Expr[] adjoints = new Expr[n];
    adjoints[n - 1] = seed; // the output is last in its own topological order
    for (int k = n - 1; k >= 0; k--) {
      Expr node = order.get(k);
      Expr g = adjoints[k];
      if (g == null || node.arity() == 0 || !node.op().isDifferentiable()) {
        continue;
      }
      List<Expr> inputs = node.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        Expr input = inputs.get(i);
        int p = order.indexOf(input);
        if (!relevant[p]) {
          continue;
        }
        Expr contribution = Exprs.sumTo(node.op().gradient(i, g, node, inputs), input.shape());
        if (Exprs.isZero(contribution)) {
          continue;
        }
        adjoints[p] = adjoints[p] == null ? contribution : Exprs.add(adjoints[p], contribution);
      }
      if (!target[k]) {
        adjoints[k] = null;
      }
    }
    for (int k = 0; k < n; k++) {
      if (target[k] && adjoints[k] != null) {
        result.put(order.get(k), adjoints[k]);
      }
    }
    return result;
  }
}

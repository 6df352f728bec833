package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import dev.adjoint.autodiff.op.Comparison;
import dev.adjoint.autodiff.op.Where;
import dev.adjoint.autodiff.print.PlainPrinter;
import dev.adjoint.autodiff.simplify.Simplifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolic gradients by reverse-mode differentiation: {@code loss.gradient(W, b).of(W)} is an
 * {@link Expr}, which can be printed, evaluated, and differentiated again.
 *
 * <p>Backprop walks the graph once in reverse topological order (iteratively, so a chain of a
 * million nodes is fine), asks each op for the vector-Jacobian product of each input as an
 * expression, sums it back to the input's shape (un-broadcasting), and accumulates fan-out. Nodes
 * that do not depend on the requested variables are never visited, and a contribution that is
 * structurally zero (the derivative of {@code x·0}, of {@code stop_gradient}, of a comparison) is
 * never built, so no {@code g·0} terms appear.
 *
 * <p><b>Raw and simplified.</b> {@link #raw} and {@link #vjpRaw} return the backprop graph as
 * built. {@link #of} and {@link #vjp} simplify it ({@link Simplifier}), so that it reads like a
 * hand derivation: {@code 2 * (X' @ (X @ w - y))} rather than the backprop graph with its reshapes
 * and multiplications by one. {@link #hessian}, {@link #hvp} and {@link #jacobian} differentiate
 * the simplified gradients.
 *
 * <p><b>The contract.</b>
 *
 * <ul>
 *   <li><i>Value-preserving.</i> Wherever the loss as written and every one of its subexpressions
 *       is finite, the simplified gradients evaluate to the raw ones up to rounding (a
 *       domain-extending simplifier rule, such as {@code x·0 → 0}, may give a finite gradient
 *       elsewhere, where the raw one is NaN). Identities applied while nodes are built keep every
 *       value, non-finite ones included (see {@code Op.rewrite}).
 *   <li><i>The user's loss is the loss.</i> {@link #output()} is the expression the user wrote, not
 *       a rewritten form: evaluating it, checking it for NaN, or minimising it is evaluating,
 *       checking or minimising what the user wrote, even if a simplifier rule were wrong.
 *   <li><i>One forward pass.</i> The simplified gradients use the nodes of the loss as written
 *       wherever they need a forward value, so {@code Program.compile(g.output(), g.of(W))}
 *       computes each forward node once.
 * </ul>
 *
 * <p>These properties are tested by differential fuzzing over every op (the {@code fuzz} test
 * package; {@code mvn -Pfuzz} for a long run).
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
   * These gradients simplified together, so that subexpressions they share stay shared; then every
   * subexpression that is the simplified form of a node of the loss as written is replaced by that
   * node, so the gradients use the user's own forward nodes and a program computing the loss and
   * its gradients computes each forward node once.
   *
   * <p>The replacement keeps values only up to rounding, so it is not made below a comparison or a
   * {@code where} condition: {@code eq(x, max(x))} (the gradient of {@code max}) must compare a
   * value with the maximum computed from that same value, not from a form equal to it up to
   * rounding.
   */
  private Gradients simplified() {
    Simplifier simplifier = Simplifier.standard();
    List<Expr> simplified = simplifier.apply(List.copyOf(gradients.values()));
    List<Expr> forward = new ArrayList<>();
    Set<Expr> forwardSet = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Expr node : Graph.topologicalOrder(List.of(output))) {
      if (!node.inputs().isEmpty()) {
        forward.add(node);
        forwardSet.add(node);
      }
    }
    List<Expr> canonical = simplifier.apply(forward);
    Set<Expr> decisive = decisiveNodes(simplified);
    Map<Expr, Expr> asWritten = new IdentityHashMap<>();
    for (int k = 0; k < forward.size(); k++) {
      Expr c = canonical.get(k);
      // a leaf is as cheap as the node it stands for; a forward node is already the user's
      if (c.inputs().isEmpty() || forwardSet.contains(c) || decisive.contains(c)) {
        continue;
      }
      asWritten.putIfAbsent(c, forward.get(k));
    }
    simplified = substitute(simplified, asWritten);
    Map<Variable, Expr> result = new LinkedHashMap<>();
    int i = 0;
    for (Variable v : gradients.keySet()) {
      result.put(v, simplified.get(i++));
    }
    return new Gradients(output, ImmutableMap.copyOf(result));
  }

  /** The nodes a comparison or a {@code where} condition of {@code roots} depends on. */
  private static Set<Expr> decisiveNodes(List<Expr> roots) {
    List<Expr> decisions = new ArrayList<>();
    for (Expr node : Graph.topologicalOrder(roots)) {
      if (node.op() instanceof Comparison) {
        decisions.addAll(node.inputs());
      } else if (node.op() instanceof Where) {
        decisions.add(node.input(0));
      }
    }
    Set<Expr> decisive = Collections.newSetFromMap(new IdentityHashMap<>());
    decisive.addAll(Graph.topologicalOrder(decisions));
    return decisive;
  }

  /** The roots rebuilt bottom-up with the nodes in {@code replace} replaced (iteratively). */
  private static List<Expr> substitute(List<Expr> roots, Map<Expr, Expr> replace) {
    if (replace.isEmpty()) {
      return roots;
    }
    Map<Expr, Expr> rebuilt = new IdentityHashMap<>(replace);
    for (Expr node : Graph.topologicalOrder(roots)) {
      if (rebuilt.containsKey(node)) {
        continue;
      }
      List<Expr> inputs = new ArrayList<>(node.inputs().size());
      boolean changed = false;
      for (Expr input : node.inputs()) {
        Expr r = rebuilt.getOrDefault(input, input);
        inputs.add(r);
        changed |= r != input;
      }
      rebuilt.put(node, changed ? Expr.apply(node.op(), inputs) : node);
    }
    List<Expr> result = new ArrayList<>(roots.size());
    for (Expr root : roots) {
      result.add(rebuilt.get(root));
    }
    return result;
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
   * The differentiated expression, exactly as the user wrote it: not simplified, so its value, and
   * any NaN that checked evaluation should report, are those of the expression as written. The
   * simplified gradients use its nodes (see {@link #of}), so {@code Program.compile(g.output(),
   * g.of(W))} computes the forward pass once for both.
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

package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.autodiff.op.ConstantOp;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An immutable node of an expression graph: an op, its inputs and its static shape.
 *
 * <p>Nodes are built only through {@link #apply} (and the factories in {@link Exprs}, which call
 * it), which checks shapes at once, applies the op's cheap identities ({@code x·1 → x}), folds
 * constants, and shares structurally equal nodes (hash-consing): building the same expression twice
 * gives the same object, so common subexpressions are computed once.
 *
 * <p>Leaves are {@link Variable}s (symbols, bound to values at evaluation) and {@link Constant}s.
 *
 * <p>Immutable and thread-safe: nodes may be built, shared and evaluated from any thread, and
 * threads building equal expressions at once still get one node (the hash-consing table is a
 * concurrent weak interner).
 */
public class Expr {
  private static final Interner<Expr> NODES = Interners.newWeakInterner();

  /**
   * One instance per distinct op, so that nodes share it: {@code Exprs.add} allocates a new {@code
   * Add} per call, and a function op carries its notation, so keeping each caller's instance would
   * cost every node its own op (about 100 bytes for {@code sin}).
   */
  private static final Interner<Op> OPS = Interners.newWeakInterner();

  /** Constant folding materialises tensors; larger results are left to evaluation. */
  static final int FOLD_LIMIT = 1 << 16;

  // A node's operands are held in fields rather than a list: a list object and its array cost
  // about 40 bytes per node, more than the node itself, in graphs of millions of nodes.
  private final Op op;
  private final Shape shape;
  private final int hash;

  /** Operand 0, or null for a leaf. */
  private final Expr first;

  /** Null (fewer than two operands), operand 1 (an {@code Expr}), or operands 1.. (an array). */
  private final Object rest;

  Expr(Op op, List<Expr> inputs, Shape shape) {
    this.op = op;
    this.shape = shape;
    int n = inputs.size();
    this.first = n == 0 ? null : inputs.get(0);
    this.rest = n <= 1 ? null : n == 2 ? inputs.get(1) : inputs.subList(1, n).toArray(new Expr[0]);
    int h = op.hashCode() * 31 + shape.hashCode();
    for (int i = 0; i < n; i++) {
      h = h * 31 + System.identityHashCode(inputs.get(i));
    }
    this.hash = h;
  }

  /**
   * The node {@code op(inputs...)}: shape-checked, simplified by the op's own identities, folded
   * when every input is constant, and shared with any equal node built before.
   *
   * @throws ShapeMismatchException when the shapes do not fit, naming the op, the shapes and the
   *     expression
   */
  public static Expr apply(Op op, Expr... inputs) {
    return apply(
        op, Arrays.asList(inputs)); // not List.of, which rejects null before apply names it
  }

  /** As {@link #apply(Op, Expr...)}. */
  public static Expr apply(Op op, List<Expr> inputs) {
    checkNotNull(op, "op");
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new NullPointerException("input " + i + " of " + op.name() + " is null");
      }
    }
    List<Expr> in = List.copyOf(inputs);
    List<Shape> shapes = new ArrayList<>(in.size());
    for (Expr e : in) {
      shapes.add(e.shape);
    }
    Shape shape;
    try {
      shape = op.shape(shapes);
    } catch (IllegalArgumentException e) {
      throw new ShapeMismatchException(
          e.getMessage() + " in " + PlainPrinter.print(op, in, PlainPrinter.MESSAGE_LIMIT));
    }
    Optional<Expr> rewritten = op.rewrite(in);
    if (rewritten.isPresent()) {
      Expr r = rewritten.get();
      if (!r.shape.equals(shape)) {
        throw new IllegalStateException(
            op.name() + " rewrote to shape " + r.shape + " instead of " + shape);
      }
      return r;
    }
    if (!in.isEmpty() && shape.size() <= FOLD_LIMIT && allConstant(in)) {
      return Constant.of(fold(op, in, shapes, shape));
    }
    return NODES.intern(new Expr(OPS.intern(op), in, shape));
  }

  static <T extends Expr> T intern(T node) {
    @SuppressWarnings("unchecked")
    T shared = (T) NODES.intern(node);
    return shared;
  }

  private static boolean allConstant(List<Expr> inputs) {
    for (Expr e : inputs) {
      if (!(e instanceof Constant)) {
        return false;
      }
    }
    return true;
  }

  private static Tensor fold(Op op, List<Expr> inputs, List<Shape> shapes, Shape shape) {
    double[][] in = new double[inputs.size()][];
    for (int i = 0; i < in.length; i++) {
      in[i] = ((Constant) inputs.get(i)).tensor().data();
    }
    double[] out = new double[shape.size()];
    op.kernel(shapes, shape).run(in, out);
    return Tensor.wrap(shape, out);
  }

  /** The op this node applies. */
  public Op op() {
    return op;
  }

  /** The operands, in order (empty for leaves): an unmodifiable view. */
  public List<Expr> inputs() {
    return first == null ? List.of() : new Inputs(this);
  }

  /** The number of operands (0 for leaves). */
  public int arity() {
    if (first == null) {
      return 0;
    }
    return rest == null ? 1 : rest instanceof Expr ? 2 : ((Expr[]) rest).length + 1;
  }

  /**
   * The operand at {@code index}.
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < arity()}
   */
  public Expr input(int index) {
    if (index == 0 && first != null) {
      return first;
    }
    if (index == 1 && rest instanceof Expr second) {
      return second;
    }
    if (index >= 1 && rest instanceof Expr[] more && index - 1 < more.length) {
      return more[index - 1];
    }
    throw new IndexOutOfBoundsException(
        "operand " + index + " of a node with " + arity() + " operands");
  }

  /** The static shape of the value. */
  public Shape shape() {
    return shape;
  }

  /** Whether this is a constant tensor. */
  public boolean isConstant() {
    return op instanceof ConstantOp;
  }

  // ---- fluent arithmetic (elementwise ops broadcast like NumPy) ----

  /** {@code this + other}. */
  public Expr plus(Expr other) {
    return Exprs.add(this, other);
  }

  /** {@code this + c}. */
  public Expr plus(double c) {
    return Exprs.add(this, Constant.of(c));
  }

  /** {@code this − other}. */
  public Expr minus(Expr other) {
    return Exprs.sub(this, other);
  }

  /** {@code this − c}. */
  public Expr minus(double c) {
    return Exprs.sub(this, Constant.of(c));
  }

  /** The elementwise product {@code this ⊙ other}. */
  public Expr times(Expr other) {
    return Exprs.mul(this, other);
  }

  /** {@code c · this}. */
  public Expr times(double c) {
    return Exprs.mul(Constant.of(c), this);
  }

  /** The elementwise quotient. */
  public Expr div(Expr other) {
    return Exprs.div(this, other);
  }

  /** {@code this / c}. */
  public Expr div(double c) {
    return Exprs.div(this, Constant.of(c));
  }

  /** The matrix product, with NumPy's rules for 1-D operands. */
  public Expr matmul(Expr other) {
    return Exprs.matmul(this, other);
  }

  /** The elementwise power {@code this ^ exponent}. */
  public Expr pow(Expr exponent) {
    return Exprs.pow(this, exponent);
  }

  /** The elementwise power {@code this ^ c}. */
  public Expr pow(double c) {
    return Exprs.pow(this, Constant.of(c));
  }

  /** {@code −this}. */
  public Expr negate() {
    return Exprs.neg(this);
  }

  // ---- comparisons (0/1 masks; no gradient flows through them) ----

  /** The mask {@code [this > other]}. */
  public Expr gt(Expr other) {
    return Exprs.gt(this, other);
  }

  /** The mask {@code [this > c]}. */
  public Expr gt(double c) {
    return Exprs.gt(this, Constant.of(c));
  }

  /** The mask {@code [this ≥ other]}. */
  public Expr ge(Expr other) {
    return Exprs.ge(this, other);
  }

  /** The mask {@code [this ≥ c]}. */
  public Expr ge(double c) {
    return Exprs.ge(this, Constant.of(c));
  }

  /** The mask {@code [this < other]}. */
  public Expr lt(Expr other) {
    return Exprs.lt(this, other);
  }

  /** The mask {@code [this < c]}. */
  public Expr lt(double c) {
    return Exprs.lt(this, Constant.of(c));
  }

  /** The mask {@code [this ≤ other]}. */
  public Expr le(Expr other) {
    return Exprs.le(this, other);
  }

  /** The mask {@code [this ≤ c]}. */
  public Expr le(double c) {
    return Exprs.le(this, Constant.of(c));
  }

  /** The mask {@code [this = other]}. */
  public Expr eq(Expr other) {
    return Exprs.eq(this, other);
  }

  /** The mask {@code [this = c]}. */
  public Expr eq(double c) {
    return Exprs.eq(this, Constant.of(c));
  }

  // ---- shape and reductions ----

  /** The transpose (reverses the axes; a no-op on scalars and vectors). */
  public Expr transpose() {
    return Exprs.transpose(this);
  }

  /** The sum of all elements. */
  public Expr sum() {
    return Exprs.sum(this);
  }

  /** The mean of all elements. */
  public Expr mean() {
    return Exprs.mean(this);
  }

  /** The same elements with another shape. */
  public Expr reshape(int... dims) {
    return Exprs.reshape(this, dims);
  }

  // ---- differentiation and evaluation ----

  /**
   * The symbolic gradient of this scalar expression with respect to each variable.
   *
   * @throws IllegalArgumentException when this expression is not a scalar
   */
  public Gradients gradient(Variable... wrt) {
    return Gradients.of(this, wrt);
  }

  /** Evaluates this expression once; for repeated evaluation compile a {@link Program}. */
  public Tensor eval(Bindings bindings) {
    checkNotNull(bindings, "bindings");
    return Program.compile(this).run(bindings).get(0);
  }

  /** Evaluates an expression without variables. */
  public Tensor eval() {
    return eval(Bindings.of());
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Expr other)
        || other.getClass() != getClass()
        || other.hash != hash
        || other.first != first
        || !other.shape.equals(shape)
        || !other.op.equals(op)) {
      return false;
    }
    if (rest instanceof Expr[] more) {
      return other.rest instanceof Expr[] otherMore && sameElements(more, otherMore);
    }
    return other.rest == rest;
  }

  private static boolean sameElements(Expr[] a, Expr[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public final int hashCode() {
    return hash;
  }

  /** The plain form, which the expression language parses back. */
  @Override
  public String toString() {
    return PlainPrinter.print(this, PlainPrinter.TO_STRING_LIMIT);
  }

  /** The operands of one node as a list, read through {@link #input}. */
  private static final class Inputs extends AbstractList<Expr> implements RandomAccess {
    private final Expr node;
    private final int size;

    Inputs(Expr node) {
      this.node = node;
      this.size = node.arity();
    }

    @Override
    public Expr get(int index) {
      return node.input(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}

package dev.adjoint.autodiff.print;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.ConstantOp;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Notation;
import dev.adjoint.autodiff.op.Notation.Associativity;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Where;
import java.util.ArrayList;
import java.util.List;

/**
 * How one node is written in one style: a list of pieces, each either literal text or an {@link
 * Operand} slot, with parentheses decided from the precedence table ({@link Notation}). The
 * printers expand the slots with an explicit stack, so no walk here recurses over the graph.
 */
final class Layout {
  private Layout() {}

  /** An operand slot: the operand, and whether it is parenthesised. */
  record Operand(Expr expr, boolean wrap) {}

  /** What a printer knows about operands it has already laid out. */
  interface Context {
    /** The name a shared subexpression is printed as, or {@code null} when it is inlined. */
    String name(Expr e);

    /** Whether the printed form of {@code e} has no spaces outside brackets. */
    boolean isTight(Expr e);

    /** Inlines everything; every operand counts as tight. */
    Context INLINE =
        new Context() {
          @Override
          public String name(Expr e) {
            return null;
          }

          @Override
          public boolean isTight(Expr e) {
            return true;
          }
        };
  }

  /** The opening parenthesis in a style. */
  static String open(Style style) {
    return style == Style.LATEX ? "\\left(" : "(";
  }

  /** The closing parenthesis in a style. */
  static String close(Style style) {
    return style == Style.LATEX ? "\\right)" : ")";
  }

  /** How tightly the printed form of {@code e} binds, given what the context names. */
  static int precedence(Expr e, Style style, Context context) {
    if (context.name(e) != null) {
      return Notation.PRECEDENCE_ATOM;
    }
    return precedence(e.op(), e.inputs(), style);
  }

  /** How tightly {@code op(inputs)} binds when written in {@code style}. */
  static int precedence(Op op, List<Expr> inputs, Style style) {
    if (op instanceof ConstantOp c) {
      Tensor t = c.value();
      return t.rank() == 0 ? Literals.precedence(t.item(), style) : Notation.PRECEDENCE_ATOM;
    }
    if (style != Style.PLAIN) {
      Notation.Form form = form(op.notation(), style);
      if (form != null) {
        return form.precedence();
      }
      if (isSuperscriptPower(op, inputs, style)) {
        return Notation.PRECEDENCE_POWER;
      }
    }
    Notation n = op.notation();
    return switch (n.fixity(style != Style.PLAIN)) {
      case ATOM, FUNCTION -> Notation.PRECEDENCE_ATOM;
      default -> n.precedence();
    };
  }

  /** The pieces of {@code op(inputs)} in {@code style}. */
  static List<Object> pieces(Op op, List<Expr> in, Style style, Context context) {
    List<Object> pieces = new ArrayList<>();
    if (op instanceof ConstantOp c) {
      pieces.add(
          style == Style.PLAIN
              ? Literals.plainTensor(c.value())
              : Literals.mathTensor(c.value(), style));
      return pieces;
    }
    if (style != Style.PLAIN) {
      in = withImplicitBroadcasts(op, in, context);
      if (mathPieces(pieces, op, in, style, context)) {
        return pieces;
      }
    }
    Notation n = op.notation();
    String symbol = symbol(n, style);
    List<String> parameters = parameters(op, in);
    switch (n.fixity(style != Style.PLAIN)) {
      case ATOM -> pieces.add(style == Style.LATEX ? latexName(symbol) : symbol);
      case FUNCTION -> {
        pieces.add(symbol + open(style));
        for (int i = 0; i < in.size(); i++) {
          if (i > 0) {
            pieces.add(", ");
          }
          pieces.add(new Operand(in.get(i), false));
        }
        for (int i = 0; i < parameters.size(); i++) {
          pieces.add(in.isEmpty() && i == 0 ? "" : ", ");
          pieces.add(parameters.get(i));
        }
        pieces.add(close(style));
      }
      case PREFIX -> {
        pieces.add(symbol);
        Expr x = in.get(0);
        // −(A·B) = (−A)·B, so people write −A·B; the plain form keeps the tree
        boolean negatedProduct =
            style != Style.PLAIN && x.op() instanceof MatMul && context.name(x) == null;
        pieces.add(
            negatedProduct ? new Operand(x, false) : operand(x, n.precedence(), style, context));
      }
      case POSTFIX -> {
        String ligature = style == Style.PLAIN ? null : ligature(in.get(0), symbol, style, context);
        if (ligature != null) {
          pieces.add(base(in.get(0).input(0), style, context));
          pieces.add(ligature);
        } else {
          pieces.add(
              style == Style.PLAIN
                  ? operand(in.get(0), Notation.PRECEDENCE_POSTFIX, style, context)
                  : base(in.get(0), style, context));
          pieces.add(symbol);
        }
      }
      case INDEX -> {
        pieces.add(operand(in.get(0), Notation.PRECEDENCE_POSTFIX, style, context));
        pieces.add("[" + String.join(", ", parameters) + "]");
      }
      case INFIX -> infix(pieces, op, in, symbol, style, context);
      default -> throw new IllegalStateException("unknown fixity " + n.fixity());
    }
    return pieces;
  }

  /**
   * Two superscripts that people write as one, keyed by the symbols as printed one after the other:
   * the inverse of the transpose and the transpose of the inverse are both {@code X⁻ᵀ}.
   */
  private static final java.util.Map<String, String> LIGATURES =
      java.util.Map.of(
          "⁻¹ᵀ", "⁻ᵀ",
          "ᵀ⁻¹", "⁻ᵀ",
          "^{-1}^\\top", "^{-\\top}",
          "^\\top^{-1}", "^{-\\top}");

  /**
   * The one superscript that stands for a postfix {@code symbol} applied to the postfix operand
   * {@code e} (shown inline), or null when the two are written apart ({@code (Aᵀ)²}).
   */
  private static String ligature(Expr e, String symbol, Style style, Context context) {
    if (context.name(e) != null
        || e.arity() != 1
        || e.op().notation().fixity(true) != Notation.Fixity.POSTFIX) {
      return null;
    }
    return LIGATURES.get(symbol(e.op().notation(), style) + symbol);
  }

  private static void infix(
      List<Object> pieces, Op op, List<Expr> in, String symbol, Style style, Context context) {
    Notation n = op.notation();
    Expr left = in.get(0);
    Expr right = in.get(1);
    int p = n.precedence();
    int lp = precedence(left, style, context);
    int rp = precedence(right, style, context);
    boolean wrapLeft;
    boolean wrapRight;
    if (op instanceof Pow) {
      // power := postfix ('^' unary)?
      wrapLeft = lp < Notation.PRECEDENCE_POSTFIX;
      wrapRight = rp < Notation.PRECEDENCE_UNARY;
    } else {
      Associativity a = n.associativity();
      wrapLeft = lp < p || (lp == p && (a == Associativity.RIGHT || a == Associativity.NONE));
      // In the plain form the parse must give back the same tree, so a right operand of equal
      // precedence is always parenthesised; people may drop them where grouping does not matter.
      wrapRight =
          rp < p
              || (rp == p
                  && a != Associativity.RIGHT
                  && (style == Style.PLAIN || !regroups(op, in, right)));
    }
    Operand l = new Operand(left, wrapLeft);
    Operand r = new Operand(right, wrapRight);
    pieces.add(l);
    if (op instanceof Pow) {
      pieces.add(symbol);
    } else if (style == Style.UNICODE && isCenterDot(op, in) || op instanceof Div) {
      // a scalar factor stays next to what it scales: 2·u ⊙ v
      boolean scalarFactor = op instanceof Mul && in.get(0).shape().isScalar() && !r.wrap();
      boolean tight =
          style == Style.UNICODE
              && (l.wrap() || context.isTight(left))
              && (r.wrap() || context.isTight(right) || scalarFactor);
      pieces.add(tight ? symbol : " " + symbol + " ");
    } else {
      pieces.add(" " + symbol + " ");
    }
    pieces.add(r);
  }

  /**
   * The operands of an elementwise op with explicit {@code broadcast}s removed where the op's own
   * broadcasting gives the same result, as people write them ({@code softmax(z) − m} rather than
   * {@code softmax(z) − broadcast(m, 100, 4)}).
   */
  private static List<Expr> withImplicitBroadcasts(Op op, List<Expr> in, Context context) {
    if (!(op instanceof ElementwiseBinary || op instanceof Where)) {
      return in;
    }
    List<Expr> result = new ArrayList<>(in);
    Shape out = broadcastShape(result);
    for (int i = 0; i < result.size(); i++) {
      Expr e = result.get(i);
      if (!(e.op() instanceof BroadcastTo) || context.name(e) != null) {
        continue;
      }
      result.set(i, e.input(0));
      if (out == null || !out.equals(broadcastShape(result))) {
        result.set(i, e);
      }
    }
    return result;
  }

  /** The shape all operands broadcast to, or null when they do not. */
  private static Shape broadcastShape(List<Expr> operands) {
    Shape shape = Shape.scalar();
    try {
      for (Expr e : operands) {
        shape = Shape.broadcast(shape, e.shape());
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return shape;
  }

  /**
   * The op's parameters as printed: slices in their shortest Python form ({@code A[1, ::2]}),
   * computed from the operand's shape; other ops' own {@link Op#parameters()}.
   */
  static List<String> parameters(Op op, List<Expr> in) {
    if (op instanceof Slice slice && in.size() == 1) {
      List<String> text = new ArrayList<>();
      List<Slice.Range> ranges = slice.ranges();
      int last = ranges.size();
      while (last > 1 && isWhole(ranges.get(last - 1), in.get(0).shape().dim(last - 1))) {
        last--;
      }
      for (int a = 0; a < last; a++) {
        text.add(range(ranges.get(a), in.get(0).shape().dim(a)));
      }
      return text;
    }
    if (op instanceof Pad pad) {
      List<String> ranges = new ArrayList<>();
      for (int a = 0; a < pad.ranges().size(); a++) {
        ranges.add(range(pad.ranges().get(a), pad.dims().get(a)));
      }
      return List.of(pad.dims().toString(), "[" + String.join(", ", ranges) + "]");
    }
    return op.parameters();
  }

  private static boolean isWhole(Slice.Range r, int dim) {
    return !r.drop() && r.start() == 0 && r.step() == 1 && r.count() == dim;
  }

  /**
   * One range in the shortest form that reads back to it on an axis of size {@code dim}: bounds
   * that are the defaults for the step's direction are left out ({@code ::2}, {@code 1:}, {@code
   * ::-1}).
   */
  private static String range(Slice.Range r, int dim) {
    if (r.drop()) {
      return String.valueOf(r.start());
    }
    String step = r.step() == 1 ? "" : ":" + r.step();
    if (r.count() == 0) {
      return "0:0" + step;
    }
    int last = r.start() + (r.count() - 1) * r.step();
    String start;
    String stop;
    if (r.step() > 0) {
      start = r.start() == 0 ? "" : String.valueOf(r.start());
      stop = last + 1 >= dim ? "" : String.valueOf(last + 1);
    } else {
      start = r.start() == dim - 1 ? "" : String.valueOf(r.start());
      stop = last - 1 < 0 ? "" : String.valueOf(last - 1);
    }
    return start + ":" + stop + step;
  }

  /**
   * Whether {@code op(x, right)} may be written without parentheses around {@code right} in the
   * math styles: an associative operator applied to itself, or a scalar factor in front of a
   * product or quotient ({@code 2·(A·B) = 2·A·B}, {@code 2·(a/b) = 2·a/b}).
   */
  private static boolean regroups(Op op, List<Expr> in, Expr right) {
    if (right.op().equals(op) && op.notation().associativity() == Associativity.BOTH) {
      return true;
    }
    return op instanceof Mul
        && in.get(0).shape().isScalar()
        && (right.op() instanceof Mul || right.op() instanceof MatMul || right.op() instanceof Div);
  }

  /** Whether the op is written with a centred dot in Unicode: a matrix or scalar product. */
  private static boolean isCenterDot(Op op, List<Expr> in) {
    return op instanceof MatMul || (op instanceof Mul && hasScalarOperand(in));
  }

  private static boolean hasScalarOperand(List<Expr> in) {
    return in.get(0).shape().isScalar() || in.get(1).shape().isScalar();
  }

  /** A name in LaTeX: {@code x_1} becomes {@code x_{1}}; other underscores are escaped. */
  private static String latexName(String name) {
    int underscore = name.indexOf('_');
    if (underscore < 0) {
      return name;
    }
    if (underscore > 0 && underscore < name.length() - 1 && name.indexOf('_', underscore + 1) < 0) {
      return name.substring(0, underscore) + "_{" + name.substring(underscore + 1) + "}";
    }
    return name.replace("_", "\\_");
  }

  private static String symbol(Notation n, Style style) {
    return switch (style) {
      case PLAIN -> n.plain();
      case UNICODE -> n.unicode();
      case LATEX ->
          n.latex().startsWith("\\operatorname{") ? n.latex().replace("_", "\\_") : n.latex();
    };
  }

  private static Operand operand(Expr e, int precedence, Style style, Context context) {
    return new Operand(e, precedence(e, style, context) < precedence);
  }

  /** The notations only people read: superscripts, fractions, roots, bars, ⊙ versus ·. */
  private static boolean mathPieces(
      List<Object> pieces, Op op, List<Expr> in, Style style, Context context) {
    boolean latex = style == Style.LATEX;
    Notation.Form form = form(op.notation(), style);
    if (form != null) {
      formPieces(pieces, form, in, style, context);
      return true;
    }
    if (isSuperscriptPower(op, in, style)) {
      pieces.add(base(in.get(0), style, context));
      String exponent = Literals.plainNumber(((ConstantOp) in.get(1).op()).value().item());
      pieces.add(latex ? "^{" + exponent + "}" : superscript(exponent));
      return true;
    }
    if (op instanceof Pow && latex) {
      pieces.add(base(in.get(0), style, context));
      pieces.add("^{");
      pieces.add(new Operand(in.get(1), false));
      pieces.add("}");
      return true;
    }
    if (op instanceof Mul && hasScalarOperand(in)) {
      infix(pieces, op, in, latex ? "\\cdot" : "·", style, context);
      return true;
    }
    return false;
  }

  /** The op's own math form in a math style, or null. */
  private static Notation.Form form(Notation n, Style style) {
    return switch (style) {
      case PLAIN -> null;
      case UNICODE -> n.unicodeForm();
      case LATEX -> n.latexForm();
    };
  }

  /**
   * The pieces of a math form: its text, with each {@code #k} replaced by operand k. An operand
   * that starts a superscript form is its base; the others are delimited by the form's text.
   */
  private static void formPieces(
      List<Object> pieces, Notation.Form form, List<Expr> in, Style style, Context context) {
    String t = form.template();
    int literal = 0;
    for (int i = 0; i + 1 < t.length(); i++) {
      if (t.charAt(i) != '#' || !Character.isDigit(t.charAt(i + 1))) {
        continue;
      }
      if (i > literal) {
        pieces.add(t.substring(literal, i));
      }
      Expr operand = in.get(t.charAt(i + 1) - '1');
      boolean isBase = i == 0 && form.precedence() == Notation.PRECEDENCE_POWER;
      pieces.add(isBase ? base(operand, style, context) : new Operand(operand, false));
      literal = i + 2;
      i++;
    }
    if (literal < t.length()) {
      pieces.add(t.substring(literal));
    }
  }

  /**
   * The base of a superscript: parenthesised unless it binds tighter than a postfix operator and
   * has no superscript of its own ({@code (Aᵀ)²}, and LaTeX forbids {@code A^\top^{2}}).
   */
  private static Operand base(Expr e, Style style, Context context) {
    boolean named = context.name(e) != null;
    boolean superscripted =
        !named
            && (e.op().notation().fixity(style != Style.PLAIN) == Notation.Fixity.POSTFIX
                || precedence(e, style, context) == Notation.PRECEDENCE_POWER);
    return new Operand(
        e, superscripted || precedence(e, style, context) < Notation.PRECEDENCE_POSTFIX);
  }

  /** Whether a power has a small integer constant exponent, written as a superscript. */
  private static boolean isSuperscriptPower(Op op, List<Expr> in, Style style) {
    if (!(op instanceof Pow) || style == Style.PLAIN || !(in.get(1).op() instanceof ConstantOp c)) {
      return false;
    }
    Tensor t = c.value();
    // A matrix's X⁻¹ reads as its inverse, so a negative elementwise power of one keeps its ^.
    boolean readsAsInverse = t.rank() == 0 && t.item() < 0 && in.get(0).shape().rank() >= 2;
    return t.rank() == 0
        && t.item() == Math.rint(t.item())
        && Math.abs(t.item()) < 100
        && !readsAsInverse;
  }

  private static final String DIGITS = "0123456789-";
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻";

  private static String superscript(String digits) {
    StringBuilder sb = new StringBuilder();
    for (char ch : digits.toCharArray()) {
      sb.append(SUPERSCRIPTS.charAt(DIGITS.indexOf(ch)));
    }
    return sb.toString();
  }
}

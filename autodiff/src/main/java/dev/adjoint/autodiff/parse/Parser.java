package dev.adjoint.autodiff.parse;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.LanguageFunction;
import dev.adjoint.autodiff.op.Op;
import dev.adjoint.autodiff.op.Slice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads the expression language into an {@link Expr}:
 *
 * <pre>
 * expr     := sum
 * sum      := product (('+' | '-') product)*
 * product  := unary (('*' | '/' | '@') unary)*
 * unary    := '-' unary | power
 * power    := postfix ('^' unary | superscript)?      x², x⁻¹ for x^2, x^-1
 * postfix  := atom ('[' index (',' index)* ']' | "'")*
 * index    := int | [int] ':' [int] [':' int]
 * atom     := number | name | name '(' args ')' | '(' expr ')' | array
 * array    := '[' (array (',' array)* | expr (',' expr)*) ']'
 * </pre>
 *
 * Function parameters (axes, dimensions) are integers after the operands: {@code sum(x, 0)}, {@code
 * reshape(x, 2, 3)}; {@code pad(x, [dims], [index, ...])} takes a shape and an index list. Unicode
 * aliases are read too: {@code σ · ⊙ − ² ᵀ √}. A {@code ·} with a scalar operand is the elementwise
 * product, as the Unicode printer writes it ({@code 2·x}).
 *
 * <p>Variables' shapes come from the caller ({@link #parse(String, Map)} and its overloads). Every
 * problem, including shapes that do not fit, is reported as a {@link ParseException} that points at
 * the offending token; no other exception escapes for any input text.
 *
 * <p>The static {@code parse} methods are thread-safe: each call reads its text with its own
 * parser.
 */
public final class Parser {
  /**
   * How deeply parentheses, function calls, signs, roots and exponents may nest; deeper input is
   * reported, never a {@link StackOverflowError}. The bound holds with room to spare on a thread
   * with a 256 KiB stack ({@code -Xss256k}), where about 100 levels of calls fit when classes are
   * still being loaded; should a caller's thread still run out of stack, the parser reports that as
   * a {@link ParseException} too.
   */
  public static final int MAX_DEPTH = 64;

  private final String input;
  private final List<Token> tokens;
  private final Map<String, Variable> variables;
  private final Map<String, Functions.Signature> functions;
  private int next;
  private int depth;

  private Parser(
      String input, Map<String, Variable> variables, Map<String, Functions.Signature> functions) {
    this.input = input;
    this.tokens = Lexer.tokenize(input);
    this.variables = variables;
    this.functions = functions;
  }

  /** Parses {@code text}, whose variables have the given shapes. */
  public static Expr parse(String text, Map<String, Shape> shapes) {
    checkNotNull(shapes, "shapes");
    Map<String, Variable> variables = new TreeMap<>();
    shapes.forEach((name, shape) -> variables.put(name, Variable.of(name, shape)));
    return parseWith(text, variables);
  }

  /** Parses {@code text}, whose variables have the shapes of the values bound to them. */
  public static Expr parse(String text, Bindings bindings) {
    checkNotNull(bindings, "bindings");
    Map<String, Variable> variables = new TreeMap<>();
    bindings
        .asMap()
        .forEach((name, value) -> variables.put(name, Variable.of(name, value.shape())));
    return parseWith(text, variables);
  }

  /** Parses {@code text}, whose variables are among {@code variables}. */
  public static Expr parse(String text, Variable... variables) {
    return parse(text, List.of(variables));
  }

  /** Parses {@code text}, whose variables are among {@code variables}. */
  public static Expr parse(String text, Collection<Variable> variables) {
    return parse(text, variables, List.of());
  }

  /**
   * Parses {@code text}, which may also call user-defined ops by their function name: {@code
   * erf(x)} for an op whose {@link Op#notation()} is the function {@code erf}. Operands are checked
   * by the op's own shape rule.
   *
   * @throws IllegalArgumentException when an op is not written as a function or its name is taken
   */
  public static Expr parse(
      String text, Collection<Variable> variables, Collection<? extends Op> functions) {
    checkNotNull(variables, "variables");
    checkNotNull(functions, "functions");
    Map<String, Functions.Signature> table = new LinkedHashMap<>(Functions.TABLE);
    for (Op op : functions) {
      checkNotNull(op, "function");
      // checks that the op is written as a function; its arity is left to its shape rule
      LanguageFunction f = LanguageFunction.of(op, LanguageFunction.VARIADIC);
      checkArgument(
          !table.containsKey(f.name()) && !Functions.ALIASES.containsKey(f.name()),
          "the function name %s is taken",
          f.name());
      table.put(f.name(), Functions.signature(f));
    }
    Map<String, Variable> byName = new TreeMap<>();
    for (Variable v : variables) {
      checkNotNull(v, "variable");
      Variable previous = byName.put(v.name(), v);
      if (previous != null && previous != v) {
        throw new IllegalArgumentException(
            "two variables named " + v.name() + ": " + previous.shape() + " and " + v.shape());
      }
    }
    return parseWith(text, byName, table);
  }

  private static Expr parseWith(String text, Map<String, Variable> variables) {
    return parseWith(text, variables, Functions.TABLE);
  }

  private static Expr parseWith(
      String text, Map<String, Variable> variables, Map<String, Functions.Signature> functions) {
    checkNotNull(text, "text");
    Parser parser = new Parser(text, variables, functions);
    try {
      Expr e = parser.expression();
      Token end = parser.peek();
      if (end.kind() != Token.Kind.END) {
        throw parser.error(
            "expected an operator or the end of the input; found " + end.describe(), end);
      }
      return e;
    } catch (StackOverflowError e) {
      throw new ParseException(
          "expression nested too deeply for this thread's stack", text, parser.peek().position());
    }
  }

  /**
   * The names {@code text} uses as variables (a name not followed by {@code (}), in order of first
   * appearance. They can differ from the variables of the parsed expression, whose build-time
   * rewrites may drop one ({@code x^0} is 1): this is what the user wrote.
   *
   * @throws ParseException when the text has a character outside the language
   */
  public static java.util.Set<String> variableNames(String text) {
    checkNotNull(text, "text");
    List<Token> tokens = Lexer.tokenize(text);
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (int i = 0; i < tokens.size() - 1; i++) {
      Token t = tokens.get(i);
      if (t.kind() == Token.Kind.NAME && !t.source().equals("√") && !tokens.get(i + 1).is("(")) {
        names.add(t.text());
      }
    }
    return java.util.Collections.unmodifiableSet(names);
  }

  // ---- grammar ----

  private Expr expression() {
    return sum();
  }

  private Expr sum() {
    Expr left = product();
    while (peek().is("+") || peek().is("-")) {
      Token op = take();
      Expr l = left;
      Expr right = product();
      left = build(op, () -> op.is("+") ? Exprs.add(l, right) : Exprs.sub(l, right));
    }
    return left;
  }

  private Expr product() {
    Expr left = unary();
    while (peek().is("*") || peek().is("/") || peek().is("@")) {
      Token op = take();
      Expr l = left;
      Expr right = unary();
      left =
          build(
              op,
              () -> {
                if (op.is("*")) {
                  return Exprs.mul(l, right);
                }
                if (op.is("/")) {
                  return Exprs.div(l, right);
                }
                boolean scalarProduct =
                    op.source().equals("·") && (l.shape().isScalar() || right.shape().isScalar());
                return scalarProduct ? Exprs.mul(l, right) : Exprs.matmul(l, right);
              });
    }
    return left;
  }

  private Expr unary() {
    Token first = peek();
    if (++depth > MAX_DEPTH) {
      throw error("expression nested more than " + MAX_DEPTH + " levels deep", first);
    }
    try {
      if (first.is("-")) {
        take();
        Expr operand = unary();
        return build(first, () -> Exprs.neg(operand));
      }
      return power();
    } finally {
      depth--;
    }
  }

  private Expr power() {
    Expr base = postfix();
    if (peek().is("^")) {
      Token op = take();
      Expr exponent = unary();
      return build(op, () -> Exprs.pow(base, exponent));
    }
    if (peek().kind() == Token.Kind.SUPERSCRIPT) {
      Token op = take();
      double exponent;
      try {
        exponent = Integer.parseInt(op.text());
      } catch (NumberFormatException e) {
        throw error("malformed superscript exponent " + op.source(), op);
      }
      if (exponent < 0 && base.shape().rank() >= 2) {
        // In math a matrix's X⁻¹ is its inverse; the elementwise reading would be silently wrong.
        throw error(
            "a negative superscript on a matrix is ambiguous: write inv(x) for the inverse or x^"
                + (int) exponent
                + " for the elementwise power",
            op);
      }
      return build(op, () -> Exprs.pow(base, Constant.of(exponent)));
    }
    return base;
  }

  private Expr postfix() {
    Expr e = atom();
    while (true) {
      if (peek().is("'")) {
        Token op = take();
        Expr x = e;
        e = build(op, () -> Exprs.transpose(x));
      } else if (peek().is("[")) {
        Token open = take();
        List<Index> indices = indexList();
        Expr x = e;
        e = build(open, () -> Exprs.slice(x, indices.toArray(new Index[0])));
      } else {
        return e;
      }
    }
  }

  /** {@code index (',' index)* ']'}, after the opening bracket. */
  private List<Index> indexList() {
    List<Index> indices = new ArrayList<>();
    do {
      indices.add(index());
    } while (accept(","));
    expect("]");
    return indices;
  }

  /** {@code int | [int] ':' [int] [':' int]}. */
  private Index index() {
    Token start = peek();
    Integer first = isIntegerStart() ? integer() : null;
    if (!peek().is(":")) {
      if (first == null) {
        throw error(
            "expected an index (an integer or a slice like 1:3); found " + peek().describe(),
            peek());
      }
      return Index.at(first);
    }
    take();
    Integer stop = isIntegerStart() ? integer() : null;
    int step = 1;
    if (accept(":")) {
      Token stepToken = peek();
      step = integer();
      if (step == 0) {
        throw error("slice step cannot be zero", stepToken);
      }
    }
    int s = step;
    return build(start, () -> Index.range(first, stop, s));
  }

  private boolean isIntegerStart() {
    return peek().kind() == Token.Kind.NUMBER || peek().is("-");
  }

  /** An integer literal with an optional minus sign. */
  private int integer() {
    Token first = peek();
    boolean negative = accept("-");
    Token number = take();
    if (number.kind() != Token.Kind.NUMBER) {
      throw error("expected an integer; found " + number.describe(), number);
    }
    String text = number.text();
    if (!text.chars().allMatch(Character::isDigit)) {
      throw error("expected an integer; found " + text, number);
    }
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    value = negative ? -value : value;
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error("integer " + (negative ? "-" : "") + text + " is out of range", first);
    }
    return (int) value;
  }

  private Expr atom() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        take();
        return number(t);
      }
      case NAME -> {
        take();
        if (peek().is("(")) {
          return call(t);
        }
        if (t.source().equals("√")) {
          return root(t);
        }
        return variable(t);
      }
      case SYMBOL -> {
        if (t.is("(")) {
          take();
          Expr e = expression();
          expect(")");
          return e;
        }
        if (t.is("[")) {
          return array();
        }
        throw error("expected an expression; found " + t.describe(), t);
      }
      default -> throw error("expected an expression; found " + t.describe(), t);
    }
  }

  private Expr number(Token t) {
    double value;
    try {
      value = Double.parseDouble(t.text());
    } catch (NumberFormatException e) {
      throw error("malformed number " + t.text(), t);
    }
    if (Double.isInfinite(value)) {
      throw error("number " + t.text() + " is too large for a double", t);
    }
    return Constant.of(value);
  }

  private Expr variable(Token t) {
    Variable v = variables.get(t.text());
    if (v != null) {
      return v;
    }
    String hint =
        functions.containsKey(t.text()) || Functions.ALIASES.containsKey(t.text())
            ? "; " + t.text() + " is a function, called as " + t.text() + "(...)"
            : "";
    String bound =
        variables.isEmpty()
            ? "no variables are bound"
            : "bound: " + String.join(", ", variables.keySet());
    throw error("unknown variable " + t.text() + "; " + bound + hint, t);
  }

  /**
   * {@code √x} without parentheses: the square root of the postfix expression that follows ({@code
   * √x[0]} is {@code √(x[0])}). An exponent after it is refused as ambiguous: {@code √x²} could be
   * {@code √(x)²} or {@code √(x²)}.
   */
  private Expr root(Token root) {
    if (++depth > MAX_DEPTH) {
      throw error("expression nested more than " + MAX_DEPTH + " levels deep", root);
    }
    try {
      Expr operand = postfix();
      Token after = peek();
      if (after.is("^") || after.kind() == Token.Kind.SUPERSCRIPT) {
        throw error(
            "√ followed by an exponent is ambiguous; write √(x)"
                + after.source()
                + "... or √(x"
                + after.source()
                + "...)",
            after);
      }
      return build(root, () -> Exprs.sqrt(operand));
    } finally {
      depth--;
    }
  }

  /** {@code name '(' args ')'}, at the opening parenthesis. */
  private Expr call(Token name) {
    String canonical = Functions.ALIASES.getOrDefault(name.text(), name.text());
    Functions.Signature f = functions.get(canonical);
    if (f == null) {
      String suggestion = Functions.suggest(name.text(), functions.keySet());
      throw error(
          "unknown function "
              + name.text()
              + (suggestion == null ? "" : "; did you mean " + suggestion + "?"),
          name);
    }
    expect("(");
    if (f.name().equals("pad")) {
      return pad(name);
    }
    List<Expr> args = new ArrayList<>();
    List<Token> starts = new ArrayList<>();
    if (!peek().is(")")) {
      do {
        starts.add(peek());
        args.add(expression());
      } while (accept(","));
    }
    expect(")");
    return apply(f, name, args, starts);
  }

  private Expr apply(Functions.Signature f, Token name, List<Expr> args, List<Token> starts) {
    int operands = f.operands();
    if (operands == Functions.VARIADIC) {
      boolean lastIsAxis = args.size() > 1 && isIntegerConstant(args.get(args.size() - 1));
      operands = lastIsAxis ? args.size() - 1 : args.size();
      if (operands == 0) {
        throw error(f.name() + " takes at least one operand", name);
      }
    }
    int parameters = args.size() - operands;
    if (parameters < f.minParameters() || parameters > f.maxParameters()) {
      String expected =
          operands
              + (operands == 1 ? " operand" : " operands")
              + (f.maxParameters() == 0
                  ? ""
                  : f.maxParameters() == 1
                      ? (f.minParameters() == 1
                              ? (startsWithVowel(f.parameterName()) ? " and an " : " and a ")
                              : " and an optional ")
                          + f.parameterName()
                      : " and " + f.parameterName() + "s");
      throw error(
          f.name() + " takes " + expected + ", but was given " + args.size() + " arguments", name);
    }
    int[] values = new int[parameters];
    for (int i = 0; i < parameters; i++) {
      Expr p = args.get(operands + i);
      if (!isIntegerConstant(p)) {
        throw error(
            f.name() + ": " + f.parameterName() + " must be an integer; found " + brief(p),
            starts.get(operands + i));
      }
      values[i] = (int) ((Constant) p).tensor().item();
    }
    List<Expr> in = List.copyOf(args.subList(0, operands));
    return build(name, () -> f.builder().build(in, values));
  }

  private static boolean isIntegerConstant(Expr e) {
    if (!(e instanceof Constant c) || !c.shape().isScalar()) {
      return false;
    }
    double v = c.tensor().item();
    return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE;
  }

  /** {@code pad(x, [d, ...], [index, ...])}, after the opening parenthesis. */
  private Expr pad(Token name) {
    Expr x = expression();
    expect(",");
    expect("[");
    List<Integer> dims = new ArrayList<>();
    if (!peek().is("]")) {
      do {
        dims.add(integer());
      } while (accept(","));
    }
    expect("]");
    expect(",");
    expect("[");
    List<Index> indices = peek().is("]") ? List.of() : indexListWithoutClose();
    expect("]");
    expect(")");
    return build(
        name,
        () -> {
          Shape full = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
          if (indices.size() != full.rank()) {
            throw new IllegalArgumentException(
                "pad: " + indices.size() + " indices for shape " + full);
          }
          ImmutableList.Builder<Slice.Range> ranges = ImmutableList.builder();
          for (int a = 0; a < full.rank(); a++) {
            ranges.add(indices.get(a).resolve(a, full.dim(a)));
          }
          return Exprs.pad(x, full, ranges.build());
        });
  }

  private List<Index> indexListWithoutClose() {
    List<Index> indices = new ArrayList<>();
    do {
      indices.add(index());
    } while (accept(","));
    return indices;
  }

  /** An array literal {@code [[1, 2], [3, 4]]} of numbers (or constant scalar expressions). */
  private Expr array() {
    Token open = peek();
    ArrayLiteral literal = new ArrayLiteral();
    arrayLevel(0, literal);
    return build(
        open,
        () -> {
          Shape shape = Shape.of(java.util.Arrays.copyOf(literal.dims, literal.rank));
          double[] data = literal.values.stream().mapToDouble(Double::doubleValue).toArray();
          return Constant.of(Tensor.of(shape, data));
        });
  }

  /** What an array literal has shown so far: its dimensions, its rank, its elements. */
  private static final class ArrayLiteral {
    final int[] dims = new int[Shape.MAX_RANK];
    int rank = -1;
    final List<Double> values = new ArrayList<>();

    ArrayLiteral() {
      java.util.Arrays.fill(dims, -1);
    }
  }

  /** One bracketed level of an array literal; checks that the literal is rectangular. */
  private void arrayLevel(int axis, ArrayLiteral literal) {
    Token open = peek();
    if (axis >= Shape.MAX_RANK) {
      throw error("array literal nested deeper than rank " + Shape.MAX_RANK, open);
    }
    expect("[");
    if (peek().is("]")) {
      throw error("empty array literal; write zeros(0) for an empty tensor", peek());
    }
    boolean nested = peek().is("[");
    if (literal.rank >= 0 && nested != (axis < literal.rank - 1)) {
      throw error("array literal is not rectangular", peek());
    }
    if (!nested) {
      literal.rank = axis + 1;
    }
    int count = 0;
    do {
      if (nested) {
        if (!peek().is("[")) {
          throw error("array literal is not rectangular", peek());
        }
        arrayLevel(axis + 1, literal);
      } else {
        Token start = peek();
        Expr element = expression();
        if (!(element instanceof Constant c) || !c.shape().isScalar()) {
          throw error("array elements must be numbers; found " + brief(element), start);
        }
        literal.values.add(c.tensor().item());
      }
      count++;
    } while (accept(","));
    expect("]");
    if (literal.dims[axis] < 0) {
      literal.dims[axis] = count;
    } else if (literal.dims[axis] != count) {
      throw error(
          "array literal is not rectangular: "
              + count
              + " elements where "
              + literal.dims[axis]
              + " were expected",
          open);
    }
  }

  // ---- tokens and errors ----

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Token.Kind.END) {
      next++;
    }
    return t;
  }

  private boolean accept(String symbol) {
    if (peek().is(symbol)) {
      take();
      return true;
    }
    return false;
  }

  private void expect(String symbol) {
    Token t = peek();
    if (!t.is(symbol)) {
      throw error("expected '" + symbol + "'; found " + t.describe(), t);
    }
    take();
  }

  /** Builds a node, reporting a shape or argument error at {@code at}. */
  private <T> T build(Token at, Supplier<T> builder) {
    try {
      return builder.get();
    } catch (ParseException e) {
      throw e;
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw error(message, at);
    }
  }

  private ParseException error(String reason, Token at) {
    return new ParseException(reason, input, at.position());
  }

  private static String brief(Expr e) {
    return dev.adjoint.autodiff.print.PlainPrinter.brief(e);
  }

  private static boolean startsWithVowel(String word) {
    return !word.isEmpty() && "aeiou".indexOf(word.charAt(0)) >= 0;
  }
}

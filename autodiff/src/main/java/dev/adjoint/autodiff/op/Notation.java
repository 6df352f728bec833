package dev.adjoint.autodiff.op;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How an op is written: its fixity, its symbol in the plain (parseable), Unicode and LaTeX styles,
 * its precedence and associativity. Printers read this table to place the fewest parentheses.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fixity where the symbol stands relative to the operands
 * @param plain the symbol or function name in the expression language
 * @param unicode the symbol in Unicode math ({@code ·}, {@code σ}, {@code ᵀ})
 * @param latex the symbol in LaTeX ({@code \cdot}, {@code \sigma})
 * @param precedence binding strength, one of the {@code PRECEDENCE_*} constants
 * @param associativity how a chain of the same operator groups
 * @param mathFixity where the symbol stands in the Unicode and LaTeX styles, when people write the
 *     op differently from the language: {@code inv(X)} is {@code X⁻¹}, {@code eye(3)} is {@code I}
 * @param unicodeForm how the Unicode printer writes the op instead of its symbol ({@code |x|},
 *     {@code x²}), or null
 * @param latexForm how the LaTeX printer writes the op instead of its symbol ({@code \sqrt{x}},
 *     {@code \frac{x}{y}}), or null
 */
public record Notation(
    Fixity fixity,
    String plain,
    String unicode,
    String latex,
    int precedence,
    Associativity associativity,
    Fixity mathFixity,
    Form unicodeForm,
    Form latexForm) {

  /** {@code a + b}, {@code a − b}. */
  public static final int PRECEDENCE_SUM = 1;

  /** {@code a * b}, {@code a / b}, {@code a @ b}. */
  public static final int PRECEDENCE_PRODUCT = 2;

  /** {@code −a}. */
  public static final int PRECEDENCE_UNARY = 3;

  /** {@code a ^ b}. */
  public static final int PRECEDENCE_POWER = 4;

  /** {@code a'}, {@code a[i]}. */
  public static final int PRECEDENCE_POSTFIX = 5;

  /** Names, numbers and function calls. */
  public static final int PRECEDENCE_ATOM = 6;

  /** Where an op's symbol stands. */
  public enum Fixity {
    /** A name or number with no operands. */
    ATOM,
    /** {@code f(a, b, parameters...)}. */
    FUNCTION,
    /** {@code a ∘ b}. */
    INFIX,
    /** {@code ∘a}. */
    PREFIX,
    /** {@code a∘}. */
    POSTFIX,
    /** {@code a[parameters]}. */
    INDEX
  }

  /** How a chain of one infix operator groups. */
  public enum Associativity {
    LEFT,
    RIGHT,
    /** Both groupings mean the same, as for {@code +} and elementwise {@code *}. */
    BOTH,
    NONE
  }

  /**
   * A math form: a template whose {@code #1}, {@code #2}, ... stand for the operands, and how
   * tightly the written form binds. An operand that starts a template of {@link #PRECEDENCE_POWER}
   * is the base of a superscript ({@code #1²}) and is parenthesised as such; every other operand is
   * delimited by the template ({@code |#1|}, {@code \frac{#1}{#2}}) and written without
   * parentheses.
   *
   * @param template the text with operand slots
   * @param precedence how tightly the written form binds, one of the {@code PRECEDENCE_*} constants
   */
  public record Form(String template, int precedence) {
    public Form {
      checkNotNull(template);
    }

    /** A form that encloses its operands: {@code |#1|}, {@code \sqrt{#1}}. */
    public static Form enclosing(String template) {
      return new Form(template, PRECEDENCE_ATOM);
    }

    /** A superscript after its one operand: {@code ²} gives {@code #1²}. */
    public static Form superscript(String superscript) {
      return new Form("#1" + superscript, PRECEDENCE_POWER);
    }
  }

  public Notation {
    checkNotNull(fixity);
    checkNotNull(plain);
    checkNotNull(unicode);
    checkNotNull(latex);
    checkNotNull(associativity);
    checkNotNull(mathFixity);
  }

  /** A notation with no math forms: every style writes the symbol. */
  public Notation(
      Fixity fixity,
      String plain,
      String unicode,
      String latex,
      int precedence,
      Associativity associativity) {
    this(fixity, plain, unicode, latex, precedence, associativity, fixity, null, null);
  }

  /** This notation, written in Unicode by {@code unicode} and in LaTeX by {@code latex}. */
  public Notation withForms(Form unicode, Form latex) {
    return new Notation(
        fixity,
        plain,
        this.unicode,
        this.latex,
        precedence,
        associativity,
        mathFixity,
        unicode,
        latex);
  }

  /** A function written {@code name(...)} in every style. */
  public static Notation function(String name) {
    return new Notation(
        Fixity.FUNCTION,
        name,
        name,
        "\\operatorname{" + name + "}",
        PRECEDENCE_ATOM,
        Associativity.NONE);
  }

  /** A function with its own Unicode and LaTeX names ({@code σ}, {@code \sigma}). */
  public static Notation function(String name, String unicode, String latex) {
    return new Notation(Fixity.FUNCTION, name, unicode, latex, PRECEDENCE_ATOM, Associativity.NONE);
  }

  /**
   * A function in the language that people write as a postfix superscript: {@code inv(X)} is {@code
   * X⁻¹} in Unicode and {@code X^{-1}} in LaTeX.
   */
  public static Notation postfixInMath(String name, String unicode, String latex) {
    return functionInMath(name, unicode, latex, PRECEDENCE_POSTFIX, Fixity.POSTFIX);
  }

  /**
   * A function in the language that people write as a symbol of its own: {@code eye(3)} is {@code
   * I}. Its parameters are printed only in the plain style.
   */
  public static Notation atomInMath(String name, String unicode, String latex) {
    return functionInMath(name, unicode, latex, PRECEDENCE_ATOM, Fixity.ATOM);
  }

  /** A function in the language that people's math writes with {@code mathFixity}. */
  private static Notation functionInMath(
      String name, String unicode, String latex, int precedence, Fixity mathFixity) {
    return new Notation(
        Fixity.FUNCTION,
        name,
        unicode,
        latex,
        precedence,
        Associativity.NONE,
        mathFixity,
        null,
        null);
  }

  /** Where the symbol stands in {@code style}'s kind: the language's, or people's math. */
  public Fixity fixity(boolean math) {
    return math ? mathFixity : fixity;
  }

  /** An infix operator. */
  public static Notation infix(
      String plain, String unicode, String latex, int precedence, Associativity associativity) {
    return new Notation(Fixity.INFIX, plain, unicode, latex, precedence, associativity);
  }
}

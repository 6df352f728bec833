package dev.adjoint.autodiff.print;

import static java.util.stream.Collectors.joining;

import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.Notation;
import java.util.Arrays;

/** How constants are written in each style. */
final class Literals {
  private Literals() {}

  /**
   * A scalar in the plain form: the shortest decimal that reads back to the same double; {@code -0}
   * keeps its sign; infinities and NaN are written as the quotients that fold to them.
   */
  static String plainNumber(double v) {
    if (Double.isNaN(v)) {
      return "0/0";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "1/0" : "-1/0";
    }
    if (v == 0 && 1 / v < 0) {
      return "-0";
    }
    return Tensor.formatNumber(v);
  }

  /** How tightly a scalar's printed form binds. */
  static int precedence(double v, Style style) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return style == Style.PLAIN
          ? Notation.PRECEDENCE_PRODUCT
          : v < 0 ? Notation.PRECEDENCE_UNARY : Notation.PRECEDENCE_ATOM;
    }
    return v < 0 || (v == 0 && 1 / v < 0) ? Notation.PRECEDENCE_UNARY : Notation.PRECEDENCE_ATOM;
  }

  /** A scalar for people: {@code −2.5}, {@code ∞}; in LaTeX {@code \infty}. */
  static String mathNumber(double v, Style style) {
    boolean latex = style == Style.LATEX;
    if (Double.isNaN(v)) {
      return latex ? "\\mathrm{NaN}" : "NaN";
    }
    if (Double.isInfinite(v)) {
      String inf = latex ? "\\infty" : "∞";
      return v > 0 ? inf : (latex ? "-" : "−") + inf;
    }
    String text = plainNumber(v);
    if (latex) {
      int e = text.indexOf('E');
      return e < 0 ? text : text.substring(0, e) + " \\times 10^{" + text.substring(e + 1) + "}";
    }
    return text.replace('-', '−').replace("E", "×10^");
  }

  /**
   * A tensor in the plain form: {@code zeros(2, 3)}, {@code ones(3)}, {@code full(0.5, 2, 2)} when
   * every element is equal, else a nested array literal {@code [[1, 2], [3, 4]]}.
   */
  static String plainTensor(Tensor t) {
    if (t.rank() == 0) {
      return plainNumber(t.item());
    }
    int[] dims = t.shape().dims();
    StringBuilder sb = new StringBuilder();
    if (t.size() == 0 || isUniform(t)) {
      double v = t.size() == 0 ? 0 : t.getFlat(0);
      boolean negativeZero = v == 0 && 1 / v < 0;
      if (v == 0 && !negativeZero) {
        sb.append("zeros(");
      } else if (v == 1) {
        sb.append("ones(");
      } else {
        sb.append("full(").append(plainNumber(v)).append(", ");
      }
      for (int i = 0; i < dims.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(dims[i]);
      }
      return sb.append(')').toString();
    }
    appendArray(sb, t, dims, 0, 0);
    return sb.toString();
  }

  private static int appendArray(StringBuilder sb, Tensor t, int[] dims, int axis, int offset) {
    if (axis == dims.length) {
      sb.append(plainNumber(t.getFlat(offset)));
      return offset + 1;
    }
    sb.append('[');
    for (int i = 0; i < dims[axis]; i++) {
      sb.append(i == 0 ? "" : ", ");
      offset = appendArray(sb, t, dims, axis + 1, offset);
    }
    sb.append(']');
    return offset;
  }

  /**
   * A tensor for people: {@code 𝟎[2×3]} and {@code 𝟏[3]}, other uniform tensors as {@code full(c,
   * dims)}, the rest as (elided) nested arrays.
   */
  static String mathTensor(Tensor t, Style style) {
    if (t.rank() == 0) {
      return mathNumber(t.item(), style);
    }
    boolean latex = style == Style.LATEX;
    if (t.size() == 0 || isUniform(t) && (t.getFlat(0) == 0 || t.getFlat(0) == 1)) {
      String digit = t.size() == 0 || t.getFlat(0) == 0 ? "0" : "1";
      String shape = t.shape().toString();
      return latex
          ? "\\mathbf{" + digit + "}_{" + shape.replace("×", "\\times ") + "}"
          : (digit.equals("0") ? "𝟎" : "𝟏") + shape;
    }
    if (t.size() > 0 && isUniform(t)) {
      String dims =
          Arrays.stream(t.shape().dims()).mapToObj(String::valueOf).collect(joining(", "));
      String value = mathNumber(t.getFlat(0), style);
      return latex
          ? "\\operatorname{full}\\left(" + value + ", " + dims + "\\right)"
          : "full(" + value + ", " + dims + ")";
    }
    String text = t.toString();
    return latex ? "\\mathtt{" + text.replace("…", "\\ldots") + "}" : text.replace('-', '−');
  }

  private static boolean isUniform(Tensor t) {
    double first = t.getFlat(0);
    long bits = Double.doubleToLongBits(first);
    for (int i = 1; i < t.size(); i++) {
      if (Double.doubleToLongBits(t.getFlat(i)) != bits) {
        return false;
      }
    }
    return true;
  }
}

package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.Acos;
import dev.adjoint.autodiff.op.Acosh;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Asin;
import dev.adjoint.autodiff.op.Asinh;
import dev.adjoint.autodiff.op.Atan;
import dev.adjoint.autodiff.op.Atan2;
import dev.adjoint.autodiff.op.Atanh;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Cbrt;
import dev.adjoint.autodiff.op.Clip;
import dev.adjoint.autodiff.op.Comparison;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.Cos;
import dev.adjoint.autodiff.op.Cosh;
import dev.adjoint.autodiff.op.CumSum;
import dev.adjoint.autodiff.op.Diag;
import dev.adjoint.autodiff.op.Digamma;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import dev.adjoint.autodiff.op.Erf;
import dev.adjoint.autodiff.op.Erfc;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Expm1;
import dev.adjoint.autodiff.op.Eye;
import dev.adjoint.autodiff.op.Gather;
import dev.adjoint.autodiff.op.Hypot;
import dev.adjoint.autodiff.op.IndexSelect;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Log10;
import dev.adjoint.autodiff.op.Log1p;
import dev.adjoint.autodiff.op.Log2;
import dev.adjoint.autodiff.op.LogGamma;
import dev.adjoint.autodiff.op.LogSoftmax;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Max;
import dev.adjoint.autodiff.op.Maximum;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Min;
import dev.adjoint.autodiff.op.Minimum;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.OneHot;
import dev.adjoint.autodiff.op.Outer;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Polygamma;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Prod;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.ScatterAdd;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Sign;
import dev.adjoint.autodiff.op.Sin;
import dev.adjoint.autodiff.op.Sinh;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Softmax;
import dev.adjoint.autodiff.op.Softplus;
import dev.adjoint.autodiff.op.Sqrt;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Tan;
import dev.adjoint.autodiff.op.Tanh;
import dev.adjoint.autodiff.op.Trace;
import dev.adjoint.autodiff.op.Transpose;
import dev.adjoint.autodiff.op.Where;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Sound bounds {@code [lo, hi]} on every element of a value, derived op by op from bounds on the
 * operands (interval arithmetic). The generator uses them to keep each op's operands inside its
 * domain; an unknown op or a possibly non-finite result gives the whole line.
 */
record Interval(double lo, double hi) {
  static final Interval ALL = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  static Interval of(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return ALL;
    }
    return new Interval(Math.min(a, b), Math.max(a, b));
  }

  /** The largest absolute value. */
  double magnitude() {
    return Math.max(Math.abs(lo), Math.abs(hi));
  }

  boolean atLeast(double m) {
    return lo >= m;
  }

  /** Whether every element is at least {@code m} away from zero. */
  boolean awayFromZero(double m) {
    return lo >= m || hi <= -m;
  }

  Interval union(Interval o) {
    return new Interval(Math.min(lo, o.lo), Math.max(hi, o.hi));
  }

  Interval intersect(Interval o) {
    double l = Math.max(lo, o.lo);
    double h = Math.min(hi, o.hi);
    return l <= h ? new Interval(l, h) : this;
  }

  Interval plus(Interval o) {
    return of(lo + o.lo, hi + o.hi);
  }

  Interval minus(Interval o) {
    return of(lo - o.hi, hi - o.lo);
  }

  Interval times(Interval o) {
    if (this.equals(ZERO) || o.equals(ZERO)) {
      return ZERO;
    }
    double a = lo * o.lo;
    double b = lo * o.hi;
    double c = hi * o.lo;
    double d = hi * o.hi;
    return of(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
  }

  Interval scale(double k) {
    return k == 0 ? ZERO : times(new Interval(k, k));
  }

  Interval dividedBy(Interval o) {
    if (o.lo <= 0 && o.hi >= 0) {
      return ALL;
    }
    return times(of(1 / o.lo, 1 / o.hi));
  }

  /** The image under an increasing function. */
  Interval increasing(DoubleUnaryOperator f) {
    return of(f.applyAsDouble(lo), f.applyAsDouble(hi));
  }

  Interval square() {
    double a = lo * lo;
    double b = hi * hi;
    return lo <= 0 && hi >= 0 ? of(0, Math.max(a, b)) : of(a, b);
  }

  Interval abs() {
    return lo <= 0 && hi >= 0 ? of(0, magnitude()) : of(Math.abs(lo), Math.abs(hi));
  }

  static final Interval ZERO = new Interval(0, 0);
  static final Interval UNIT = new Interval(0, 1);
  static final Interval SIGN = new Interval(-1, 1);

  /** Bounds on the value of {@code e} given bounds on its inputs' values. */
  static Interval derive(Expr e, List<Interval> in) {
    if (e instanceof Constant c) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : c.tensor().toArray()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return c.tensor().size() == 0 ? ZERO : of(lo, hi);
    }
    Object op = e.op();
    Interval x = in.isEmpty() ? ALL : in.get(0);
    int inputSize = e.inputs().isEmpty() ? 0 : e.input(0).shape().size();
    int outputSize = e.shape().size();
    int count = outputSize == 0 ? 0 : inputSize / outputSize;
    if (op instanceof Add) {
      return x.plus(in.get(1));
    } else if (op instanceof Sub) {
      return x.minus(in.get(1));
    } else if (op instanceof Mul) {
      return x.times(in.get(1));
    } else if (op instanceof Div) {
      return x.dividedBy(in.get(1));
    } else if (op instanceof Neg) {
      return of(-x.hi, -x.lo);
    } else if (op instanceof Pow) {
      return power(x, in.get(1));
    } else if (op instanceof MatMul) {
      int inner = e.input(0).shape().dim(-1);
      return inner == 0 ? ZERO : x.times(in.get(1)).scale(inner);
    } else if (op instanceof Exp) {
      return x.increasing(Math::exp);
    } else if (op instanceof Log) {
      return x.lo > 0 ? x.increasing(Math::log) : ALL;
    } else if (op instanceof Log1p) {
      return x.lo > -1 ? x.increasing(Math::log1p) : ALL;
    } else if (op instanceof Sqrt) {
      return x.lo >= 0 ? x.increasing(Math::sqrt) : ALL;
    } else if (op instanceof Square) {
      return x.square();
    } else if (op instanceof Abs) {
      return x.abs();
    } else if (op instanceof Sign) {
      return x.increasing(Math::signum);
    } else if (op instanceof Sin || op instanceof Cos) {
      return SIGN;
    } else if (op instanceof Tanh) {
      return x.increasing(Math::tanh);
    } else if (op instanceof Sigmoid) {
      return x.increasing(v -> 1 / (1 + Math.exp(-v)));
    } else if (op instanceof Relu) {
      return x.increasing(v -> Math.max(v, 0));
    } else if (op instanceof Softplus) {
      return x.increasing(v -> v > 30 ? v : Math.log1p(Math.exp(v)));
    } else if (op instanceof Tan) {
      return x.magnitude() < 1.5 ? x.increasing(Math::tan) : ALL;
    } else if (op instanceof Asin) {
      return x.lo >= -1 && x.hi <= 1 ? x.increasing(Math::asin) : ALL;
    } else if (op instanceof Acos) {
      return x.lo >= -1 && x.hi <= 1 ? of(Math.acos(x.hi), Math.acos(x.lo)) : ALL;
    } else if (op instanceof Atan) {
      return x.increasing(Math::atan);
    } else if (op instanceof Sinh) {
      return x.increasing(Math::sinh);
    } else if (op instanceof Cosh) {
      return x.abs().increasing(Math::cosh);
    } else if (op instanceof Asinh || op instanceof Acosh || op instanceof Atanh) {
      return x.increasing(((ElementwiseFunction) op)::apply);
    } else if (op instanceof Expm1) {
      return x.increasing(Math::expm1);
    } else if (op instanceof Log2 || op instanceof Log10) {
      return x.lo > 0 ? x.increasing(((ElementwiseFunction) op)::apply) : ALL;
    } else if (op instanceof Cbrt) {
      return x.increasing(Math::cbrt);
    } else if (op instanceof Erf) {
      return SIGN;
    } else if (op instanceof Erfc) {
      return of(0, 2);
    } else if (op instanceof LogGamma) {
      // lgamma has its minimum, about −0.1215, at x ≈ 1.4616
      return x.lo > 0 ? of(-0.13, Math.max(lgamma(x.lo), lgamma(x.hi))) : ALL;
    } else if (op instanceof Digamma) {
      return x.lo > 0 ? x.increasing(((ElementwiseFunction) op)::apply) : ALL;
    } else if (op instanceof Polygamma p) {
      // monotone for x > 0: trigamma decreases from +∞, ψ⁽²⁾ increases from −∞, ...
      return x.lo > 0
          ? of(p.apply(x.lo), p.apply(x.hi)).union(of(p.apply(x.hi), p.apply(x.lo)))
          : ALL;
    } else if (op instanceof Maximum) {
      return of(Math.max(x.lo, in.get(1).lo), Math.max(x.hi, in.get(1).hi));
    } else if (op instanceof Minimum) {
      return of(Math.min(x.lo, in.get(1).lo), Math.min(x.hi, in.get(1).hi));
    } else if (op instanceof Atan2) {
      return of(-Math.PI, Math.PI);
    } else if (op instanceof Hypot) {
      return of(0, Math.hypot(x.magnitude(), in.get(1).magnitude()));
    } else if (op instanceof Clip) {
      Interval lo = in.get(1);
      Interval hi = in.get(2);
      return of(Math.min(Math.max(x.lo, lo.lo), hi.lo), Math.min(Math.max(x.hi, lo.hi), hi.hi));
    } else if (op instanceof Comparison) {
    } else if (op instanceof Comparison || op instanceof OneHot) {
      return UNIT;
    } else if (op instanceof Where) {
      return in.get(1).union(in.get(2));
    } else if (op instanceof StopGradient
        || op instanceof Transpose
        || op instanceof Reshape
        || op instanceof BroadcastTo
        || op instanceof Slice) {
      return x;
    } else if (op instanceof Pad) {
      return x.union(ZERO);
    } else if (op instanceof Concat) {
      Interval all = x;
      for (Interval i : in) {
        all = all.union(i);
      }
      return all;
    } else if (op instanceof Sum) {
      return count == 0 ? ZERO : x.scale(count);
    } else if (op instanceof Mean || op instanceof Max || op instanceof Min) {
      return count == 0 && outputSize > 0 ? ALL : x;
    } else if (op instanceof LogSumExp) {
      return count == 0 && outputSize > 0 ? ALL : of(x.lo, x.hi + Math.log(count));
    } else if (op instanceof Prod) {
      double m = Math.pow(x.magnitude(), count);
      return count == 0 ? of(1, 1) : x.lo >= 0 ? of(Math.pow(x.lo, count), m) : of(-m, m);
    } else if (op instanceof CumSum cumsum) {
      int k = e.shape().dim(cumsum.axis());
      return k == 0 ? ZERO : x.union(x.scale(k));
    } else if (op instanceof Gather || op instanceof IndexSelect) {
      return x;
    } else if (op instanceof ScatterAdd) {
      int k = e.input(0).shape().dim(((ScatterAdd) op).axis());
      return k == 0 ? ZERO : x.scale(k).union(ZERO);
    } else if (op instanceof Softmax softmax) {
      // each element is at least e^(lo − hi) / n, so the logarithm of a softmax stays bounded
      int size = e.shape().rank() == 0 ? 1 : e.shape().dim(softmax.axis());
      return of(Math.exp(x.lo - x.hi) / Math.max(size, 1), 1);
    } else if (op instanceof Eye) {
      return of(0, 1);
    } else if (op instanceof Trace) {
      return x.scale(e.input(0).shape().dim(-1));
    } else if (op instanceof Diag) {
      return x.union(ZERO);
    } else if (op instanceof Outer) {
      return x.times(in.get(1));
    } else if (op instanceof LogSoftmax) {
      int n = e.shape().rank() == 0 ? 1 : e.shape().dim(((LogSoftmax) op).axis());
      return of(x.lo - x.hi - Math.log(Math.max(n, 1)), 0);
    }
    return ALL;
  }

  private static double lgamma(double v) {
    return org.apache.commons.numbers.gamma.LogGamma.value(v);
  }

  private static Interval power(Interval base, Interval exponent) {
    if (exponent.lo == exponent.hi) {
      double k = exponent.lo;
      if (k == 0) {
        return of(1, 1);
      }
      if (k == Math.rint(k) && Math.abs(k) <= 4) {
        if (k < 0 && !base.awayFromZero(1e-3)) {
          return ALL;
        }
        double a = Math.pow(base.lo, k);
        double b = Math.pow(base.hi, k);
        boolean even = ((long) k) % 2 == 0;
        if (even && base.lo <= 0 && base.hi >= 0) {
          return of(0, Math.max(a, b));
        }
        return of(a, b);
      }
    }
    if (base.lo <= 0) {
      return ALL;
    }
    double a = Math.pow(base.lo, exponent.lo);
    double b = Math.pow(base.lo, exponent.hi);
    double c = Math.pow(base.hi, exponent.lo);
    double d = Math.pow(base.hi, exponent.hi);
    return of(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
  }
}

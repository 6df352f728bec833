package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Comparison;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.Cos;
import dev.adjoint.autodiff.op.CumSum;
import dev.adjoint.autodiff.op.Diag;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Eye;
import dev.adjoint.autodiff.op.Gather;
import dev.adjoint.autodiff.op.IndexSelect;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Log1p;
import dev.adjoint.autodiff.op.LogSoftmax;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Max;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Min;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.OneHot;
import dev.adjoint.autodiff.op.Outer;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Prod;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.ScatterAdd;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Sign;
import dev.adjoint.autodiff.op.Sin;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Softmax;
import dev.adjoint.autodiff.op.Softplus;
import dev.adjoint.autodiff.op.Sqrt;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
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

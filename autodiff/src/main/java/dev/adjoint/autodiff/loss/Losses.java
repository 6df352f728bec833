package dev.adjoint.autodiff.loss;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.adjoint.autodiff.Exprs.abs;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.eq;
import static dev.adjoint.autodiff.Exprs.le;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.softplus;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.where;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.ShapeMismatchException;
import dev.adjoint.autodiff.print.PlainPrinter;

/**
 * Loss functions, each equal to PyTorch's function of the same name ({@code torch.nn.functional})
 * and with its {@link Reduction} ({@link Reduction#MEAN} unless given). Each is an ordinary
 * expression, so it can be printed, differentiated, combined with other terms and minimised; its
 * gradient prints as the textbook formula ({@code (softmax(z) − onehot(y))/N} for cross-entropy).
 *
 * <p>They are written in the forms that stay finite for logits of ±1000: cross-entropy through
 * {@code logsumexp} and {@code log_softmax}, binary cross-entropy through {@code softplus}.
 *
 * <p>Predictions and targets must have the same shape (PyTorch broadcasts them with a warning; a
 * {@code [N]} target against {@code [N×1]} predictions is a classic silent bug, so here it is an
 * error naming both shapes).
 *
 * <p>Stateless and thread-safe.
 */
public final class Losses {
  private Losses() {}

  // ---- regression ----

  /** The mean squared error {@code mean((ŷ − y)²)}: PyTorch's {@code mse_loss}. */
  public static Expr mse(Expr predictions, Expr targets) {
    return mse(predictions, targets, Reduction.MEAN);
  }

  /** The squared error {@code (ŷ − y)²}, reduced: PyTorch's {@code mse_loss}. */
  public static Expr mse(Expr predictions, Expr targets, Reduction reduction) {
    sameShape("mse", predictions, "predictions", targets, "targets");
    return reduce(square(sub(predictions, targets)), reduction);
  }

  /** The Huber loss with threshold {@code delta}, averaged; see below. */
  public static Expr huber(Expr predictions, Expr targets, double delta) {
    return huber(predictions, targets, delta, Reduction.MEAN);
  }

  /**
   * The Huber loss, PyTorch's {@code huber_loss}: with {@code r = ŷ − y}, {@code ½r²} where {@code
   * |r| ≤ δ}, else {@code δ·(|r| − ½δ)}, reduced. Its derivative in {@code ŷ} is {@code where(|r| ≤
   * δ, r, δ·sign(r))}. (PyTorch writes {@code |r| < δ}; both branches agree at {@code |r| = δ}.)
   *
   * @throws IllegalArgumentException unless {@code delta > 0}
   */
  public static Expr huber(Expr predictions, Expr targets, double delta, Reduction reduction) {
    checkArgument(
        delta > 0 && delta < Double.POSITIVE_INFINITY,
        "huber: delta must be positive and finite, not %s",
        delta);
    sameShape("huber", predictions, "predictions", targets, "targets");
    Expr r = sub(predictions, targets);
    Expr a = abs(r);
    Expr pointwise = where(le(a, delta), mul(0.5, square(r)), mul(delta, sub(a, 0.5 * delta)));
    return reduce(pointwise, reduction);
  }

  /** The smooth L1 loss with threshold {@code beta}, averaged; see below. */
  public static Expr smoothL1(Expr predictions, Expr targets, double beta) {
    return smoothL1(predictions, targets, beta, Reduction.MEAN);
  }

  /**
   * The smooth L1 loss, PyTorch's {@code smooth_l1_loss}: with {@code r = ŷ − y}, {@code ½r²/β}
   * where {@code |r| ≤ β}, else {@code |r| − ½β}, reduced; for {@code β = 0}, as in PyTorch, the L1
   * loss {@code |r|}. It is the Huber loss divided by β.
   *
   * @throws IllegalArgumentException unless {@code beta >= 0}
   */
  public static Expr smoothL1(Expr predictions, Expr targets, double beta, Reduction reduction) {
    checkArgument(
        beta >= 0 && beta < Double.POSITIVE_INFINITY,
        "smoothL1: beta must be at least 0 and finite, not %s",
        beta);
    sameShape("smoothL1", predictions, "predictions", targets, "targets");
    Expr r = sub(predictions, targets);
    Expr a = abs(r);
    if (beta == 0) {
      return reduce(a, reduction);
    }
    Expr pointwise = where(le(a, beta), mul(0.5 / beta, square(r)), sub(a, 0.5 * beta));
    return reduce(pointwise, reduction);
  }

  // ---- classification ----

  /** Cross-entropy with integer class labels, averaged over the examples; see below. */
  public static Expr crossEntropy(Expr logits, Expr labels) {
    return crossEntropy(logits, labels, Reduction.MEAN);
  }

  /**
   * Cross-entropy with integer class labels, PyTorch's {@code cross_entropy}: for logits {@code z}
   * of shape {@code [N×C]} (or {@code [C]} for one example, or {@code [N×C×d₁…]} with the classes
   * on axis 1, as in PyTorch) and labels {@code y} of shape {@code [N]} ({@code []}, {@code
   * [N×d₁…]}) holding class indices {@code 0..C−1} as float64 integers, the loss {@code
   * logsumexp(zₙ) − zₙ[yₙ]} of each example, reduced over the examples. Its gradient is {@code
   * (softmax(z) − onehot(y))/N}. Labels are checked when the loss is evaluated (see {@link
   * Exprs#oneHot}).
   *
   * @throws ShapeMismatchException when the labels' shape is not the logits' without the class axis
   *     (for one-hot or probability targets, use {@link #softCrossEntropy})
   */
  public static Expr crossEntropy(Expr logits, Expr labels, Reduction reduction) {
    checkNotNull(logits, "logits");
    checkNotNull(labels, "labels");
    int axis = classAxis("crossEntropy", logits);
    int classes = logits.shape().dim(axis);
    Shape expected = without(logits.shape(), axis);
    if (!labels.shape().equals(expected)) {
      throw new ShapeMismatchException(
          "crossEntropy: labels "
              + labels.shape()
              + " do not fit logits "
              + logits.shape()
              + ": class indices have shape "
              + expected
              + (labels.shape().equals(logits.shape())
                  ? "; for one-hot or probability targets use Losses.softCrossEntropy"
                  : "")
              + " in crossEntropy("
              + PlainPrinter.brief(logits)
              + ", "
              + PlainPrinter.brief(labels)
              + ")");
    }
    Expr picked = sum(mul(classesOnAxis(oneHot(labels, classes), axis), logits), axis);
    return reduce(sub(logsumexp(logits, axis), picked), reduction);
  }

  /** Cross-entropy with one-hot or probability targets, averaged over the examples; see below. */
  public static Expr softCrossEntropy(Expr logits, Expr targets) {
    return softCrossEntropy(logits, targets, Reduction.MEAN);
  }

  /**
   * Cross-entropy with one-hot or probability targets, PyTorch's {@code cross_entropy} with class
   * probabilities: for logits {@code z} and targets {@code t} of one shape ({@code [N×C]}, {@code
   * [C]}, or {@code [N×C×d₁…]} with the classes on axis 1), {@code −Σ_c t_c·log_softmax(z)_c} for
   * each example, reduced over the examples. The gradient is {@code (softmax(z)·Σt − t)/N}, which
   * is {@code (softmax(z) − t)/N} when each example's targets sum to 1.
   *
   * @throws ShapeMismatchException when the shapes differ
   */
  public static Expr softCrossEntropy(Expr logits, Expr targets, Reduction reduction) {
    sameShape("softCrossEntropy", logits, "logits", targets, "targets");
    int axis = classAxis("softCrossEntropy", logits);
    return reduce(neg(sum(mul(targets, logSoftmax(logits, axis)), axis)), reduction);
  }

  /** Binary cross-entropy on logits, averaged; see below. */
  public static Expr binaryCrossEntropyWithLogits(Expr logits, Expr targets) {
    return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
  }

  /**
   * Binary cross-entropy on logits, PyTorch's {@code binary_cross_entropy_with_logits}: {@code
   * −[y·log σ(z) + (1 − y)·log(1 − σ(z))]}, written {@code softplus(z) − y·z} so that it stays
   * finite at {@code z = ±1000}, reduced. Targets may be soft (any value in [0, 1]). The gradient
   * is {@code (σ(z) − y)/N}.
   */
  public static Expr binaryCrossEntropyWithLogits(Expr logits, Expr targets, Reduction reduction) {
    sameShape("binaryCrossEntropyWithLogits", logits, "logits", targets, "targets");
    return reduce(sub(softplus(logits), mul(targets, logits)), reduction);
  }

  /** The hinge loss with margin 1, averaged; see below. */
  public static Expr hinge(Expr scores, Expr targets) {
    return hinge(scores, targets, 1, Reduction.MEAN);
  }

  /**
   * The hinge loss of a linear classifier (a support vector machine's), {@code max(0, margin −
   * y·s)} for scores {@code s} and targets {@code y ∈ {−1, +1}}, reduced: scikit-learn's {@code
   * hinge_loss}, and in PyTorch {@code torch.clamp(margin - y * s, min=0).mean()}. (PyTorch's
   * {@code hinge_embedding_loss} is another loss, for distances.)
   */
  public static Expr hinge(Expr scores, Expr targets, double margin, Reduction reduction) {
    sameShape("hinge", scores, "scores", targets, "targets");
    return reduce(relu(sub(constant(margin), mul(targets, scores))), reduction);
  }

  /** The Kullback–Leibler divergence, averaged over elements; see below. */
  public static Expr klDivergence(Expr logProbabilities, Expr targets) {
    return klDivergence(logProbabilities, targets, Reduction.MEAN);
  }

  /**
   * The Kullback–Leibler divergence of {@code targets} from a model, in PyTorch's {@code kl_div}
   * convention: the <b>first argument is log-probabilities</b> (such as {@code log_softmax(z)}) and
   * the targets are probabilities. Elementwise {@code t·(log t − input)}, with 0 where {@code t =
   * 0}, reduced over every element: {@link Reduction#MEAN} is PyTorch's {@code 'mean'}, the mean
   * over all elements, not the divergence per example; for that (PyTorch's {@code 'batchmean'}) use
   * {@link Reduction#SUM} and divide by the number of examples.
   */
  public static Expr klDivergence(Expr logProbabilities, Expr targets, Reduction reduction) {
    sameShape("klDivergence", logProbabilities, "log-probabilities", targets, "targets");
    // t·log t is taken as 0 where t = 0, as PyTorch's xlogy does; log(1) stands in for log(0) so
    // that no −∞ is computed (checked evaluation would stop on it).
    Expr safeLog = log(where(eq(targets, 0), constant(1), targets));
    return reduce(sub(mul(targets, safeLog), mul(targets, logProbabilities)), reduction);
  }

  // ---- helpers ----

  private static Expr reduce(Expr values, Reduction reduction) {
    checkNotNull(reduction, "reduction");
    return switch (reduction) {
      case MEAN -> Exprs.mean(values);
      case SUM -> sum(values);
    };
  }

  /** The class axis, as PyTorch has it: 0 for one example, 1 for a batch. */
  private static int classAxis(String loss, Expr logits) {
    int rank = logits.shape().rank();
    if (rank == 0) {
      throw new ShapeMismatchException(
          loss
              + ": logits must have a class axis, but "
              + PlainPrinter.brief(logits)
              + " is a scalar");
    }
    return rank == 1 ? 0 : 1;
  }

  private static Shape without(Shape shape, int axis) {
    int[] dims = shape.dims();
    int[] rest = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != axis) {
        rest[j++] = dims[i];
      }
    }
    return Shape.of(rest);
  }

  /** One-hot vectors, whose classes are on the last axis, moved to {@code axis}. */
  private static Expr classesOnAxis(Expr oneHot, int axis) {
    int rank = oneHot.shape().rank();
    if (axis == rank - 1) {
      return oneHot;
    }
    int[] permutation = new int[rank];
    for (int i = 0, from = 0; i < rank; i++) {
      permutation[i] = i == axis ? rank - 1 : from++;
    }
    return Exprs.permute(oneHot, permutation);
  }

  private static void sameShape(String loss, Expr a, String aName, Expr b, String bName) {
    checkNotNull(a, aName);
    checkNotNull(b, bName);
    if (!a.shape().equals(b.shape())) {
      throw new ShapeMismatchException(
          loss
              + ": "
              + aName
              + " "
              + a.shape()
              + " and "
              + bName
              + " "
              + b.shape()
              + " differ; give both one shape in "
              + loss
              + "("
              + PlainPrinter.brief(a)
              + ", "
              + PlainPrinter.brief(b)
              + ")");
    }
  }
}

package dev.adjoint.demos.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensors as JSON: a number is a rank-0 tensor, a flat array a vector, nested arrays higher ranks
 * (row-major, like NumPy's {@code tolist()}). Reading rejects ragged arrays, empty arrays and
 * anything that is not a number, naming where the problem is.
 *
 * <p>Stateless and thread-safe.
 */
public final class TensorJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads decimals as {@link java.math.BigDecimal}, so that a number that underflows a double can
   * be told from 0.
   */
  private static final ObjectReader READER =
      MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withArrayValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));

  private TensorJson() {}

  /** The shared Jackson mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A fresh JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses JSON text into a tensor.
   *
   * @param what names the value in error messages, e.g. {@code "the value of W"}
   * @throws InputException when the text is not JSON, is ragged or empty, or holds a non-number
   */
  public static Tensor parse(String text, String what) {
    JsonNode node;
    try (JsonParser parser = READER.createParser(text)) {
      node = READER.readTree(parser);
      if (node != null && !node.isMissingNode() && parser.nextToken() != null) {
        throw new InputException(
            "malformed JSON in "
                + what
                + ": unexpected "
                + Excerpt.of(parser.getText(), 20)
                + " after the value at column "
                + parser.currentTokenLocation().getColumnNr()
                + "; give one number or one nested array");
      }
    } catch (StreamConstraintsException e) {
      throw new InputException(
          "JSON in " + what + " is too large to read: " + constraint(e.getOriginalMessage()), e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InputException(
          "malformed JSON in "
              + what
              + ": "
              + Excerpt.of(
                  withoutSourceNote(
                      String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")),
                  160)
              + (at == null ? "" : " at column " + at.getColumnNr()),
          e);
    } catch (IOException e) {
      throw new InputException("cannot read JSON in " + what + ": " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InputException("malformed JSON in " + what + ": no value");
    }
    return fromJson(node, what);
  }

  /** Jackson's limit (number length, nesting depth) in a few words. */
  private static String constraint(String message) {
    String m = String.valueOf(message);
    if (m.contains("Depth")) {
      return "arrays nested more than "
          + StreamReadConstraints.DEFAULT_MAX_DEPTH
          + " levels deep (a tensor has rank at most "
          + Shape.MAX_RANK
          + ")";
    }
    if (m.contains("Number value length")) {
      return "a number longer than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " characters";
    }
    return Excerpt.of(m.lines().findFirst().orElse(""), 120);
  }

  /**
   * Jackson's message without its note on where the array started, which quotes an internal source
   * description ({@code (start marker at [Source: REDACTED ...])}) that means nothing to a user.
   */
  private static String withoutSourceNote(String message) {
    int note = message.indexOf(" (start marker at");
    return note < 0 ? message : message.substring(0, note);
  }

  /**
   * Converts a JSON number or nested array into a tensor.
   *
   * @throws InputException when the array is ragged or empty, or holds a non-number
   */
  public static Tensor fromJson(JsonNode node, String what) {
    List<Integer> dims = new ArrayList<>();
    JsonNode first = node;
    while (first.isArray()) {
      if (first.isEmpty()) {
        throw new InputException(what + " holds an empty array, which has no shape");
      }
      dims.add(first.size());
      first = first.get(0);
    }
    if (dims.size() > Shape.MAX_RANK) {
      throw new InputException(
          what + " has rank " + dims.size() + ", more than the maximum " + Shape.MAX_RANK);
    }
    int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
    Shape shape = Shape.of(d);
    double[] data = new double[shape.size()];
    int[] filled = {0};
    collect(node, 0, d, data, filled, new ArrayList<>(), what);
    return Tensor.wrap(shape, data);
  }

  private static void collect(
      JsonNode node,
      int axis,
      int[] dims,
      double[] data,
      int[] filled,
      List<Integer> path,
      String what) {
    if (axis == dims.length) {
      if (!node.isNumber()) {
        throw new InputException(
            what + " holds " + describe(node) + " at " + where(path) + " where a number belongs");
      }
      data[filled[0]++] = finite(node, path, what);
      return;
    }
    if (!node.isArray() || node.size() != dims[axis]) {
      throw new InputException(
          what
              + " is ragged: "
              + (path.isEmpty() ? "the array" : "the element at " + where(path))
              + " has "
              + (node.isArray()
                  ? node.size() + (node.size() == 1 ? " element" : " elements")
                  : "no elements (" + describe(node) + ")")
              + " but "
              + dims[axis]
              + " were expected from the first row");
    }
    for (int i = 0; i < node.size(); i++) {
      path.add(i);
      collect(node.get(i), axis + 1, dims, data, filled, path, what);
      path.remove(path.size() - 1);
    }
  }

  /**
   * The number as a double, refusing numbers that overflow to infinity or underflow to zero (a
   * non-zero number that a double cannot tell from 0), which would otherwise be misread silently.
   */
  private static double finite(JsonNode node, List<Integer> path, String what) {
    double value = node.doubleValue();
    String at = path.isEmpty() ? "" : " at " + where(path);
    if (Double.isInfinite(value)) {
      throw new InputException(
          what + " holds " + Excerpt.of(node.asText(), 30) + at + ", too large for a double");
    }
    if (value == 0 && isNonZero(node)) {
      throw new InputException(
          what
              + " holds "
              + Excerpt.of(node.asText(), 30)
              + at
              + ", too small for a double (it would be read as 0)");
    }
    return value;
  }

  private static boolean isNonZero(JsonNode node) {
    if (node.isBigDecimal()) {
      return node.decimalValue().signum() != 0;
    }
    if (node.isBigInteger()) {
      return node.bigIntegerValue().signum() != 0;
    }
    return false;
  }

  private static String where(List<Integer> path) {
    return path.toString().replace(" ", "");
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "the string \"" + Excerpt.of(node.asText(), 30) + "\"";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.toString();
  }

  /** The tensor as a JSON number (rank 0) or nested arrays shaped like it. */
  public static JsonNode toJson(Tensor tensor) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (tensor.rank() == 0) {
      return f.numberNode(tensor.item());
    }
    double[] data = tensor.toArray();
    int[] dims = tensor.shape().dims();
    return nested(f, data, dims, 0, 0);
  }

  private static ArrayNode nested(
      JsonNodeFactory f, double[] data, int[] dims, int axis, int offset) {
    ArrayNode array = f.arrayNode(dims[axis]);
    int stride = 1;
    for (int a = axis + 1; a < dims.length; a++) {
      stride *= dims[a];
    }
    for (int i = 0; i < dims[axis]; i++) {
      if (axis == dims.length - 1) {
        array.add(data[offset + i]);
      } else {
        array.add(nested(f, data, dims, axis + 1, offset + i * stride));
      }
    }
    return array;
  }

  /** The JSON text of {@code node}: objects indented, arrays on one line. */
  public static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}

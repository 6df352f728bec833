package dev.adjoint.demos.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads text the user points at (a {@code @file.json} value, an expression from standard input)
 * with a size limit, so that a device such as {@code /dev/zero} or a huge file is refused instead
 * of read until memory runs out.
 *
 * <p>Stateless and thread-safe.
 */
public final class BoundedInput {
  /** The largest input read from one file or stream, in bytes: 64 MiB. */
  public static final int MAX_BYTES = 64 << 20;

  private BoundedInput() {}

  /**
   * The UTF-8 text of {@code path}, at most {@value #MAX_BYTES} bytes.
   *
   * @param what names the input in error messages ({@code "the value of x (--at)"})
   * @throws InputException when the file cannot be read, is too large or is not UTF-8
   */
  public static String read(Path path, String what) {
    String where = Excerpt.of(path.toString());
    if (Files.isDirectory(path)) {
      throw new InputException("cannot read " + where + " for " + what + ": it is a folder");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, where + " for " + what);
    } catch (NoSuchFileException e) {
      throw new InputException("cannot read " + where + " for " + what + ": no such file", e);
    } catch (IOException e) {
      throw new InputException(
          "cannot read " + where + " for " + what + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The UTF-8 text of {@code in}, at most {@value #MAX_BYTES} bytes; does not close {@code in}.
   *
   * @param what names the input in error messages
   * @throws InputException when the stream is too long or not UTF-8
   * @throws IOException when reading fails
   */
  public static String read(InputStream in, String what) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new InputException(
          what + " is larger than " + (MAX_BYTES >> 20) + " MiB, the most Adjoint reads");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InputException(what + " is not UTF-8 text", e);
    }
  }
}

package io.tidemark.core.files;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a project's text files as UTF-8, strictly: a byte that is not UTF-8 is an error naming the
 * file, the line and the byte, instead of a decoder's "Input length = 1" or a replacement character
 * silently written into a model.
 */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The file's text; {@code displayName} is how messages name it (relative to the project). */
  public static String readText(Path file, Path displayName) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TidemarkException(ErrorCode.INVALID_PROJECT, displayName + ": file not found");
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT, displayName + ": cannot read: " + e.getMessage(), e);
    }
    return decode(bytes, displayName);
  }

  static String decode(byte[] bytes, Path displayName) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw notUtf8(bytes, in.position(), displayName);
    }
    result = decoder.flush(out);
    if (result.isError()) {
      throw notUtf8(bytes, in.position(), displayName);
    }
    out.flip();
    String text = out.toString();
    // A byte-order mark is legal UTF-8 but would become part of the first key or statement.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static TidemarkException notUtf8(byte[] bytes, int offset, Path displayName) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = offset - lineStart + 1;
    String value =
        offset < bytes.length
            ? String.format(Locale.ROOT, "byte 0x%02X", bytes[offset] & 0xff)
            : "an incomplete character at the end of the file";
    return new TidemarkException(
        ErrorCode.INVALID_PROJECT,
        displayName
            + ":"
            + line
            + ": not valid UTF-8 ("
            + value
            + " at column "
            + column
            + "); save the file as UTF-8");
  }
}

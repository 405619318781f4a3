package io.tidemark.core.project;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.files.ProjectFiles;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.quality.Check;
import io.tidemark.core.template.ModelRenderer;
import io.tidemark.core.warehouse.TableFunctionCall;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole loaded project, kept in {@code .tidemark/project-cache/project.bin} so that a command
 * on a project whose files have not changed skips reading YAML, rendering and parsing altogether:
 * the project's assets with their dependencies, code versions, checks, load blocks and batch sizes.
 *
 * <p>It is used only when every input of the load is as it was: the same Tidemark build and engine,
 * the same {@code tidemark.yml} text and the same values of the environment variables it named, the
 * same set of model and YAML files under {@code models/}, each with the same size and modification
 * time (or, when those differ or the time is too recent to tell, the same text), the same text of
 * every file a template included, and the same files matched by every file a model reads through a
 * table function. Anything else is a miss: the project is loaded as without it (renders and parses
 * still reused from {@link ProjectCache}) and the snapshot written again.
 *
 * <p>A file's size and time are trusted only when its time is older than when they were taken by
 * more than {@link #RACY_MILLIS}: a file written in the same instant as the stamps were taken could
 * change again without its time moving, so its text is compared instead (as git does with racily
 * clean entries).
 */
final class ProjectSnapshot {
  static final String FILE_NAME = "project.bin";

  /** Bumped whenever the file's layout or meaning changes. */
  private static final int FORMAT = 1;

  private static final int MAGIC = 0x544d5053; // "TMPS"

  /** How close to the stamping a file's time must be for its text to be compared. */
  static final long RACY_MILLIS = 2_000;

  private ProjectSnapshot() {}

  /** One input file: its path under the project, size, modification time and text's digest. */
  record FileStamp(String path, long size, long modifiedNanos, String digest) {}

  /** A file-reading table function of a model and the files it matched when the model loaded. */
  record FileRead(String name, List<String> arguments, List<String> stamps) {
    TableFunctionCall call() {
      return new TableFunctionCall(name, arguments, 0);
    }
  }

  /** The inputs a load read, as the snapshot names them. */
  record Inputs(
      String build,
      String configKey,
      long stampedAtMillis,
      List<FileStamp> files,
      Map<String, String> includes,
      List<FileRead> fileReads) {}

  /** What the snapshot keeps of the loaded project. */
  record Contents(
      List<Asset> assets,
      Map<AssetName, String> codeVersions,
      Map<AssetName, List<Check>> checks,
      Map<AssetName, LoadSpec> loads,
      Map<AssetName, Integer> batchSizes) {}

  /** A model or YAML file found under {@code models/}, with its size and time when listed. */
  record Listed(Path file, String path, long size, long modifiedNanos) {}

  /** Stats each file; the time they were taken at is the caller's, taken before. */
  static List<Listed> list(Path root, List<Path> files) throws IOException {
    List<Listed> listed = new ArrayList<>(files.size());
    for (Path file : files) {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      listed.add(
          new Listed(
              file,
              root.relativize(file).toString(),
              attributes.size(),
              attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
    }
    return listed;
  }

  /** The file of the project at {@code root}. */
  static Path file(Path root) {
    return root.resolve(ProjectCache.DIRECTORY).resolve(FILE_NAME);
  }

  /** A read snapshot whose inputs matched: its contents, and whether its stamps need renewing. */
  record Hit(Contents contents, boolean restamp, byte[] payload, Inputs inputs) {}

  /**
   * The snapshot of the project at {@code root}, when there is one and every input it names is as
   * it was; empty otherwise (no file, another build, a changed input, a file this build cannot
   * read).
   */
  static Optional<Hit> read(
      Path root, String build, String configKey, List<Listed> listed, FileAccess fileAccess) {
    Path file = file(root);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
      if (in.getInt() != MAGIC || in.getInt() != FORMAT) {
        return Optional.empty();
      }
      Inputs inputs = readInputs(in);
      if (!inputs.build().equals(build) || !inputs.configKey().equals(configKey)) {
        return Optional.empty();
      }
      Optional<Boolean> restamp = filesUnchanged(inputs, listed);
      if (restamp.isEmpty()) {
        return Optional.empty();
      }
      if (!inputs.includes().isEmpty()
          && !ModelRenderer.includesUnchanged(root, inputs.includes())) {
        return Optional.empty();
      }
      for (FileRead read : inputs.fileReads()) {
        if (!fileAccess.stamps(read.call()).equals(read.stamps())) {
          return Optional.empty();
        }
      }
      int length = in.getInt();
      if (length != in.remaining()) {
        return Optional.empty();
      }
      ByteBuffer payload = in.slice();
      Contents contents = decode(payload);
      byte[] kept = new byte[length];
      payload.rewind();
      payload.get(kept);
      return Optional.of(new Hit(contents, restamp.get(), kept, inputs));
    } catch (IOException | RuntimeException e) {
      // A corrupt, truncated or foreign file is a miss: the load reads the project.
      return Optional.empty();
    }
  }

  /**
   * Whether the listed files are those of the snapshot with the same texts: empty when not; true
   * when some had to be compared by text (their stamps are worth renewing), false when every size
   * and time matched.
   */
  private static Optional<Boolean> filesUnchanged(Inputs inputs, List<Listed> listed) {
    List<FileStamp> kept = inputs.files();
    if (kept.size() != listed.size()) {
      return Optional.empty();
    }
    long racyFrom = TimeUnit.MILLISECONDS.toNanos(inputs.stampedAtMillis() - RACY_MILLIS);
    boolean compared = false;
    for (int i = 0; i < kept.size(); i++) {
      FileStamp stamp = kept.get(i);
      Listed now = listed.get(i);
      if (!stamp.path().equals(now.path())) {
        return Optional.empty();
      }
      if (stamp.size() == now.size()
          && stamp.modifiedNanos() == now.modifiedNanos()
          && now.modifiedNanos() < racyFrom) {
        continue;
      }
      if (stamp.size() != now.size()) {
        return Optional.empty();
      }
      String text;
      try {
        text = ProjectFiles.readText(now.file(), Path.of(now.path()));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (!digest(text).equals(stamp.digest())) {
        return Optional.empty();
      }
      compared = true;
    }
    return Optional.of(compared);
  }

  /**
   * Writes the snapshot. Not written (and any older one left to fail its checks) when a value is
   * one the codec does not keep; a file that cannot be written costs the next load time only.
   */
  static void write(Path root, Inputs inputs, Contents contents) {
    byte[] payload;
    try {
      payload = encode(contents);
    } catch (RecordCodec.Unsupported | IOException e) {
      delete(root);
      return;
    }
    write(root, inputs, payload);
  }

  /** Writes the snapshot with renewed stamps and the payload read. */
  static void write(Path root, Inputs inputs, byte[] payload) {
    Path file = file(root);
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try {
        try (DataOutputStream out =
            new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))) {
          out.writeInt(MAGIC);
          out.writeInt(FORMAT);
          writeInputs(out, inputs);
          out.writeInt(payload.length);
          out.write(payload);
        }
        move(temporary, file);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | RuntimeException e) {
      // Not written: the next load reads the project and tries again.
    }
  }

  /** Removes the snapshot, when a load could not keep one, so no older one lingers. */
  static void delete(Path root) {
    try {
      Files.deleteIfExists(file(root));
    } catch (IOException e) {
      // Its inputs are checked on every read: a lingering one is never used wrongly.
    }
  }

  static byte[] encode(Contents contents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      RecordCodec.Writer writer = new RecordCodec.Writer(out);
      writer.write(contents.assets());
      writer.write(contents.codeVersions());
      writer.write(contents.checks());
      writer.write(contents.loads());
      writer.write(contents.batchSizes());
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static Contents decode(ByteBuffer in) throws IOException {
    RecordCodec.Reader reader = new RecordCodec.Reader(in);
    List<Asset> assets = (List<Asset>) reader.read();
    Map<AssetName, String> codeVersions = (Map<AssetName, String>) reader.read();
    Map<AssetName, List<Check>> checks = (Map<AssetName, List<Check>>) reader.read();
    Map<AssetName, LoadSpec> loads = (Map<AssetName, LoadSpec>) reader.read();
    Map<AssetName, Integer> batchSizes = (Map<AssetName, Integer>) reader.read();
    if (in.hasRemaining()) {
      throw new IOException("trailing bytes after the project");
    }
    return new Contents(assets, codeVersions, checks, loads, batchSizes);
  }

  private static void writeInputs(DataOutputStream out, Inputs inputs) throws IOException {
    text(out, inputs.build());
    text(out, inputs.configKey());
    out.writeLong(inputs.stampedAtMillis());
    out.writeInt(inputs.files().size());
    for (FileStamp stamp : inputs.files()) {
      text(out, stamp.path());
      out.writeLong(stamp.size());
      out.writeLong(stamp.modifiedNanos());
      text(out, stamp.digest());
    }
    out.writeInt(inputs.includes().size());
    for (Map.Entry<String, String> include : inputs.includes().entrySet()) {
      text(out, include.getKey());
      text(out, include.getValue());
    }
    out.writeInt(inputs.fileReads().size());
    for (FileRead read : inputs.fileReads()) {
      text(out, read.name());
      texts(out, read.arguments());
      texts(out, read.stamps());
    }
  }

  private static Inputs readInputs(ByteBuffer in) throws IOException {
    String build = text(in);
    String configKey = text(in);
    long stampedAt = in.getLong();
    int count = count(in);
    List<FileStamp> files = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      files.add(new FileStamp(text(in), in.getLong(), in.getLong(), text(in)));
    }
    count = count(in);
    Map<String, String> includes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      includes.put(text(in), text(in));
    }
    count = count(in);
    List<FileRead> reads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      reads.add(new FileRead(text(in), texts(in), texts(in)));
    }
    return new Inputs(build, configKey, stampedAt, files, includes, reads);
  }

  private static int count(ByteBuffer in) throws IOException {
    int count = in.getInt();
    if (count < 0) {
      throw new IOException("negative count");
    }
    return count;
  }

  private static void text(DataOutputStream out, String text) throws IOException {
    RecordCodec.writeLongText(out, text);
  }

  private static String text(ByteBuffer in) throws IOException {
    return RecordCodec.readLongText(in);
  }

  private static void texts(DataOutputStream out, List<String> texts) throws IOException {
    out.writeInt(texts.size());
    for (String text : texts) {
      text(out, text);
    }
  }

  private static List<String> texts(ByteBuffer in) throws IOException {
    int count = count(in);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(text(in));
    }
    return texts;
  }

  /** The SHA-256 of a text, as the snapshot compares file texts. */
  static String digest(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The file that holds encrypted secrets and their wrapped data keys, as JSON. Nothing in it is
 * readable without the key-management service. Changes are made under an exclusive lock and land by
 * an atomic rename, so two processes setting secrets at once both keep their change and a crash
 * never leaves half a file.
 */
final class SecretFile {
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stored secret. */
  record Entry(String dataKey, byte[] ciphertext, Instant createdAt, Instant updatedAt) {}

  /** One stored data key, wrapped. */
  record DataKey(byte[] wrapped, Instant createdAt) {}

  /** The file's contents. */
  record Contents(
      Map<String, DataKey> dataKeys, String currentDataKey, Map<String, Entry> secrets) {
    static Contents empty() {
      return new Contents(new LinkedHashMap<>(), "", new LinkedHashMap<>());
    }

    Contents withCurrent(String id) {
      return new Contents(dataKeys, id, secrets);
    }

    /** Drops data keys no secret is encrypted under any more (the current one stays). */
    Contents pruned() {
      dataKeys
          .keySet()
          .removeIf(
              id ->
                  !id.equals(currentDataKey)
                      && secrets.values().stream().noneMatch(e -> e.dataKey().equals(id)));
      return this;
    }
  }

  private final Path file;

  SecretFile(Path file) {
    this.file = requireNonNull(file, "file is null").toAbsolutePath().normalize();
  }

  Path path() {
    return file;
  }

  Contents read() {
    if (!Files.exists(file)) {
      return Contents.empty();
    }
    try {
      return parse(JSON.readTree(file.toFile()));
    } catch (IOException | RuntimeException e) {
      if (e instanceof TidemarkException tidemark) {
        throw tidemark;
      }
      throw new TidemarkException(
          ErrorCode.SECRETS, "cannot read secrets file " + file + ": " + e.getMessage());
    }
  }

  /** Reads, changes and writes the file under an exclusive lock; returns what was written. */
  Contents update(UnaryOperator<Contents> change) {
    try {
      Files.createDirectories(file.getParent());
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        Contents changed = change.apply(read());
        write(changed);
        return changed;
      }
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS, "cannot write secrets file " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(Contents contents) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("current_data_key", contents.currentDataKey());
    ObjectNode keys = root.putObject("data_keys");
    contents
        .dataKeys()
        .forEach(
            (id, key) -> {
              ObjectNode node = keys.putObject(id);
              node.put("wrapped", Base64.getEncoder().encodeToString(key.wrapped()));
              node.put("created_at", key.createdAt().toString());
            });
    ObjectNode secrets = root.putObject("secrets");
    contents
        .secrets()
        .forEach(
            (name, entry) -> {
              ObjectNode node = secrets.putObject(name);
              node.put("data_key", entry.dataKey());
              node.put("ciphertext", Base64.getEncoder().encodeToString(entry.ciphertext()));
              node.put("created_at", entry.createdAt().toString());
              node.put("updated_at", entry.updatedAt().toString());
            });
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(LocalKeyFile.OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temporary);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Contents parse(JsonNode root) {
    if (root == null || root.path("format").asInt() != FORMAT) {
      throw new TidemarkException(
          ErrorCode.SECRETS,
          "secrets file "
              + file
              + " is not in format "
              + FORMAT
              + " (was it written by Tidemark?)");
    }
    Map<String, DataKey> keys = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("data_keys").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      keys.put(
          entry.getKey(),
          new DataKey(
              bytes(entry.getValue(), "wrapped"),
              Instant.parse(entry.getValue().path("created_at").asText())));
    }
    Map<String, Entry> secrets = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("secrets").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode node = entry.getValue();
      secrets.put(
          entry.getKey(),
          new Entry(
              node.path("data_key").asText(),
              bytes(node, "ciphertext"),
              Instant.parse(node.path("created_at").asText()),
              Instant.parse(node.path("updated_at").asText())));
    }
    return new Contents(keys, root.path("current_data_key").asText(""), secrets);
  }

  private static byte[] bytes(JsonNode node, String field) {
    return Base64.getDecoder().decode(node.path(field).asText());
  }

  Optional<Entry> entry(Contents contents, String name) {
    return Optional.ofNullable(contents.secrets().get(name));
  }
}

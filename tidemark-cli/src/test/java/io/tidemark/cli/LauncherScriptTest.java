package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code tidemark} launcher at the repository's root, run as a user runs it: a copy of the
 * script beside a distribution laid out as the build lays it out ({@code
 * tidemark-cli/target/tidemark.jar} naming its libraries in {@code lib/}), made here from this
 * module's classes and its test classpath's libraries. It passes its arguments through untouched
 * (spaces and quotes included), returns the CLI's exit code, writes the class-data archive on the
 * first quick command that loads a project and uses it after, and leaves it out when told to.
 */
class LauncherScriptTest {
  private static Path distribution;

  private static Path launcher;
  private static Path target;

  @BeforeAll
  static void layOutTheDistribution() throws IOException {
    // Not a @TempDir: the libraries are links to the build's own jars, and removing the links
    // (never what they point to) is this class's job.
    distribution = Files.createTempDirectory("tidemark-launcher");
    Path script = Path.of("..", "tidemark").toAbsolutePath().normalize();
    assertThat(script).as("the launcher at the repository's root").isRegularFile();
    launcher = distribution.resolve("tidemark");
    Files.copy(script, launcher);
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
    target = Files.createDirectories(distribution.resolve("tidemark-cli").resolve("target"));
    Path lib = Files.createDirectories(target.resolve("lib"));
    List<String> classPath = new ArrayList<>();
    int directories = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.isBlank() || path.endsWith("test-classes") || !Files.exists(path)) {
        continue;
      }
      if (Files.isDirectory(path)) {
        // The class-data archive keeps classes from jars only, as the built distribution has them.
        Path jar = lib.resolve("module-" + directories++ + ".jar");
        jar(path, jar, null);
        classPath.add("lib/" + jar.getFileName());
      } else {
        Path copy = lib.resolve(directories++ + "-" + path.getFileName());
        Files.createSymbolicLink(copy, path.toAbsolutePath());
        classPath.add("lib/" + copy.getFileName());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    jar(null, target.resolve("tidemark.jar"), manifest);
  }

  @AfterAll
  static void removeTheDistribution() throws IOException {
    if (distribution == null) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(distribution)) {
      files = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path file : files) {
      Files.delete(file);
    }
  }

  @Test
  void passesArgumentsThroughAndReturnsTheExitCode() throws Exception {
    Run help = run(Map.of(), "--help");
    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: tidemark");

    Path project = distribution.resolve("with space's project");
    Run init = run(Map.of(), "init", project.toString());
    assertThat(init.exitCode()).as(init.output()).isZero();
    assertThat(project.resolve("tidemark.yml")).isRegularFile();

    Run sql = run(Map.of(), "sql", "select 'two  words' as \"a \"\"b\"", "-p", project.toString());
    assertThat(sql.exitCode()).as(sql.output()).isZero();
    assertThat(sql.output()).contains("two  words").contains("a \"b");

    Run missing = run(Map.of(), "status", "-p", distribution.resolve("nowhere").toString());
    assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
    assertThat(missing.output()).contains("does not exist");
    Run unknown = run(Map.of(), "no-such-command");
    assertThat(unknown.exitCode()).as(unknown.output()).isNotZero();
  }

  @Test
  void writesTheClassDataArchiveOnceAndLeavesItOutWhenTurnedOff() throws Exception {
    Path project = distribution.resolve("archived");
    assertThat(run(Map.of(), "init", project.toString()).exitCode()).isZero();
    deleteArchives();

    Run off = run(Map.of("TIDEMARK_CDS", "off"), "validate", "-p", project.toString());
    assertThat(off.exitCode()).as(off.output()).isZero();
    assertThat(archives()).as("no archive with TIDEMARK_CDS=off").isEmpty();

    Run first = run(Map.of(), "validate", "-p", project.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(archives()).as("the first quick command writes the archive").hasSize(1);
    Path archive = archives().get(0);
    assertThat(Files.size(archive)).isPositive();

    Run second = run(Map.of(), "validate", "-p", project.toString());
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).isEqualTo(first.output());
    assertThat(archives()).containsExactly(archive);

    Run failing = run(Map.of(), "status", "-p", distribution.resolve("nowhere").toString());
    assertThat(failing.exitCode()).as("the exit code through the archive").isEqualTo(2);

    Run overridden =
        run(Map.of("TIDEMARK_JAVA_OPTS", "-Xmx256m"), "validate", "-p", project.toString());
    assertThat(overridden.exitCode()).as(overridden.output()).isZero();
    assertThat(overridden.output()).isEqualTo(first.output());
    deleteArchives();
  }

  @Test
  void saysHowToBuildWhenTheDistributionIsMissing() throws Exception {
    Path empty = Files.createTempDirectory(distribution, "unbuilt");
    Path copy = empty.resolve("tidemark");
    Files.copy(launcher, copy);
    assertThat(copy.toFile().setExecutable(true)).isTrue();
    Run run = run(copy, Map.of(), "--help");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output()).contains("not built yet").contains("mvn");
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Map<String, String> environment, String... arguments) throws Exception {
    return run(launcher, environment, arguments);
  }

  private static Run run(Path script, Map<String, String> environment, String... arguments)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(distribution, "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(distribution.toFile());
    builder.environment().remove("TIDEMARK_JAVA_OPTS");
    builder.environment().remove("TIDEMARK_CDS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not exit in 3 minutes: " + command);
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  private static void deleteArchives() throws IOException {
    for (Path archive : archives()) {
      Files.delete(archive);
    }
  }

  /** A jar of the directory's files (none when null), with the manifest when one is given. */
  private static void jar(Path directory, Path jar, Manifest manifest) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out =
            manifest == null ? new JarOutputStream(file) : new JarOutputStream(file, manifest)) {
      if (directory == null) {
        return;
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(directory)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path path : files) {
        String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
        if (manifest == null && name.equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(path, out);
        out.closeEntry();
      }
    }
  }
}

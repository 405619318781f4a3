package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.server.auth.AccessTokens;
import io.tidemark.server.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark server token} and the server's refusal to listen openly beyond loopback. */
class ServerTokenCommandTest {
  @TempDir Path root;

  @Test
  void aNewTokenIsPrintedWithTheLinesThatMakeTheServerAcceptIt() throws Exception {
    Cli.Result result = Cli.run("server", "token", "--name", "ci", "--role", "operator");
    assertThat(result.exitCode()).as(result.all()).isZero();
    Matcher token = Pattern.compile("(?m)^  (tdm_[A-Za-z0-9_-]{43})$").matcher(result.out());
    assertThat(token.find()).as(result.out()).isTrue();
    int yaml = result.out().indexOf("\nserver:\n") + 1;
    assertThat(yaml).isPositive();
    String lines = result.out().substring(yaml, result.out().indexOf("\n\n", yaml) + 1);

    // The printed lines, pasted into tidemark.yml, make the printed token an operator's.
    TestProject.standard(root);
    Files.writeString(
        root.resolve("tidemark.yml"),
        Files.readString(root.resolve("tidemark.yml")) + lines,
        StandardCharsets.UTF_8);
    AccessTokens tokens = AccessTokens.read(root);
    assertThat(tokens.find(token.group(1)).orElseThrow().role()).isEqualTo(Role.OPERATOR);
    assertThat(Files.readString(root.resolve("tidemark.yml"))).doesNotContain(token.group(1));
    assertThat(Cli.run("validate", "-p", root.toString()).exitCode()).isZero();

    Cli.Result again = Cli.run("server", "token", "--name", "ci");
    assertThat(again.out()).contains("role: read").doesNotContain(token.group(1));
  }

  @Test
  void badTokenOptionsAreRefused() {
    Cli.Result role = Cli.run("server", "token", "--name", "ci", "--role", "admin");
    assertThat(role.exitCode()).isNotZero();
    assertThat(role.err()).contains("--role must be read or operator, got 'admin'");
    Cli.Result name = Cli.run("server", "token", "--name", "two words");
    assertThat(name.exitCode()).isNotZero();
    assertThat(name.err()).contains("--name 'two words' must be letters, digits and _ . @ - only");
  }

  @Test
  void withoutTokensTheServerWillNotListenBeyondThisMachine() {
    TestProject.standard(root);
    Cli.Result result =
        Cli.run("server", "-p", root.toString(), "--host", "0.0.0.0", "--port", "0");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err())
        .contains("refusing to listen on 0.0.0.0 without tokens")
        .contains("`tidemark server token` makes one");
  }
}

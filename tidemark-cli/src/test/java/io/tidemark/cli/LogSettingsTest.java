package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The CLI's logging, set in code: what the XML file it replaces said. */
class LogSettingsTest {
  @Test
  void librariesLogWarningsToStandardErrorAndTheServerItsWork() {
    LoggerContext context = new LoggerContext();
    LogSettings settings = new LogSettings();
    settings.setContext(context);

    assertThat(settings.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel())
        .isEqualTo(LogSettings.rootLevel(System.getenv("TIDEMARK_LOG_LEVEL")));
    assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
    assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget())
        .isEqualTo("System.err");
    assertThat(context.getLogger("org.flywaydb.core.Flyway").getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    assertThat(context.getLogger("io.tidemark.server.Api").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.tidemark.scheduler").getEffectiveLevel())
        .isEqualTo(Level.INFO);
  }

  @Test
  void theRootLevelIsTheEnvironmentsOrWarn() {
    assertThat(LogSettings.rootLevel(null)).isEqualTo(Level.WARN);
    assertThat(LogSettings.rootLevel(" ")).isEqualTo(Level.WARN);
    assertThat(LogSettings.rootLevel("debug")).isEqualTo(Level.DEBUG);
    assertThat(LogSettings.rootLevel("INFO")).isEqualTo(Level.INFO);
    assertThat(LogSettings.rootLevel("loud")).isEqualTo(Level.WARN);
  }
}

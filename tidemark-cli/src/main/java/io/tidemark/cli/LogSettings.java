package io.tidemark.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * How the CLI's libraries log: to standard error, one line each, and only when something is wrong,
 * since the CLI speaks through its own output. The root level is {@code TIDEMARK_LOG_LEVEL} (WARN
 * when unset); a few libraries that warn of what they then handle themselves are held to ERROR;
 * what {@code tidemark server} does (fires, waits, runs, the lease) is logged at INFO.
 *
 * <p>Set in code rather than in a {@code logback.xml}: reading XML configuration costs every
 * command that touches a logging library (the state store's driver does) a measurable part of its
 * start. {@code -Dlogback.configurationFile=FILE} still replaces these settings with the file's, as
 * does a {@code logback-test.xml} on the class path.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSettings extends ContextAwareBase implements Configurator {
  /** Loggers and their levels besides the root's. */
  static final Map<String, Level> LEVELS =
      Map.ofEntries(
          Map.entry("org.flywaydb", Level.ERROR),
          Map.entry("com.hubspot", Level.ERROR),
          Map.entry("io.tidemark.scheduler", Level.INFO),
          Map.entry("io.tidemark.server", Level.INFO),
          Map.entry("com.zaxxer.hikari", Level.ERROR),
          // The Spark engine's metastore (Hive, DataNucleus) warns of what it then handles itself.
          Map.entry("org.apache.hadoop", Level.ERROR),
          Map.entry("DataNucleus", Level.ERROR),
          Map.entry("org.datanucleus", Level.ERROR),
          Map.entry("org.apache.spark.util.Utils", Level.ERROR));

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = LogSettings.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null
        || loader.getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{20}: %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel(System.getenv("TIDEMARK_LOG_LEVEL")));
    root.addAppender(appender);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The root level a {@code TIDEMARK_LOG_LEVEL} names; WARN when unset or not a level. */
  static Level rootLevel(String name) {
    return name == null || name.isBlank() ? Level.WARN : Level.toLevel(name.strip(), Level.WARN);
  }
}

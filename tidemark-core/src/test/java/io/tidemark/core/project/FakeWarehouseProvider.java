package io.tidemark.core.project;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An engine for reading configurations in core's tests, which hold no warehouse: a type with the
 * settings of a file-based and of a server engine. Its parser is the {@link FakeSqlParser}; it
 * opens no warehouse.
 */
public final class FakeWarehouseProvider implements WarehouseProvider {
  private final String type;
  private final List<WarehouseSetting> settings;
  private final java.util.concurrent.atomic.AtomicInteger parses;

  private FakeWarehouseProvider(String type, List<WarehouseSetting> settings) {
    this(type, settings, new java.util.concurrent.atomic.AtomicInteger());
  }

  private FakeWarehouseProvider(
      String type,
      List<WarehouseSetting> settings,
      java.util.concurrent.atomic.AtomicInteger parses) {
    this.type = type;
    this.settings = settings;
    this.parses = parses;
  }

  /** {@code duckdb} alone, counting in {@code parses} every query its parser is asked about. */
  public static WarehouseProviders counting(java.util.concurrent.atomic.AtomicInteger parses) {
    return WarehouseProviders.of(
        new FakeWarehouseProvider(
            "duckdb", List.of(WarehouseSetting.path("path", "warehouse.duckdb")), parses));
  }

  /**
   * {@code duckdb} with its {@code path}, a size and a count, and {@code server} with a URL and
   * credentials.
   */
  public static WarehouseProviders both() {
    return WarehouseProviders.of(
        new FakeWarehouseProvider(
            "duckdb",
            List.of(
                WarehouseSetting.path("path", "warehouse.duckdb"),
                WarehouseSetting.bytes("memory_limit"),
                WarehouseSetting.count("threads"))),
        new FakeWarehouseProvider(
            "server",
            List.of(
                WarehouseSetting.text("url", "jdbc:server://localhost/db"),
                WarehouseSetting.environmentVariable("user_env"),
                WarehouseSetting.environmentVariable("password_env"))));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public List<WarehouseSetting> settings() {
    return settings;
  }

  @Override
  public Warehouse open(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    throw new UnsupportedOperationException("core's tests open no warehouse");
  }

  @Override
  public boolean exists(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    return false;
  }

  @Override
  public String location(WarehouseConfig config, Path projectRoot) {
    return type;
  }

  @Override
  public Warehouse openOther(String location, Path workingDirectory) {
    throw new UnsupportedOperationException("core's tests open no warehouse");
  }

  @Override
  public SqlParser openParser() {
    FakeSqlParser parser = new FakeSqlParser();
    return new SqlParser() {
      @Override
      public ParsedQuery parse(String selectSql) {
        parses.incrementAndGet();
        return parser.apply(selectSql);
      }

      @Override
      public void close() {}
    };
  }
}

package io.tidemark.warehouse.postgres;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code warehouse: {type: postgres, url: jdbc:postgresql://host:5432/db, user_env: VAR,
 * password_env: VAR}}: the user and password come from the environment variables named, never from
 * the project's files.
 */
public final class PostgresWarehouseProvider implements WarehouseProvider {
  public static final String TYPE = "postgres";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<WarehouseSetting> settings() {
    return List.of(
        WarehouseSetting.text("url", ""),
        WarehouseSetting.environmentVariable("user_env"),
        WarehouseSetting.environmentVariable("password_env"));
  }

  @Override
  public Warehouse open(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    return PostgresWarehouse.open(
        url(config),
        config.environmentValue("user_env", environment).orElse(null),
        config.environmentValue("password_env", environment).orElse(null));
  }

  /** A database server is made by its administrators: once reachable, it exists. */
  @Override
  public boolean exists(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    return true;
  }

  @Override
  public String location(WarehouseConfig config, Path projectRoot) {
    String url = url(config);
    int parameters = url.indexOf('?');
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  /** Another database, as a JDBC URL; credentials come from PGUSER and PGPASSWORD. */
  @Override
  public Warehouse openOther(String location, Path workingDirectory) {
    if (!location.startsWith("jdbc:postgresql:")) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          location + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
    }
    return PostgresWarehouse.open(location, System.getenv("PGUSER"), System.getenv("PGPASSWORD"));
  }

  @Override
  public SqlParser openParser() {
    return new PostgresParser();
  }

  private static String url(WarehouseConfig config) {
    String url = config.setting("url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          config.describe("url")
              + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got '"
              + url
              + "'");
    }
    return url;
  }
}

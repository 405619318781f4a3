package io.tidemark.core.access;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.project.Project;
import io.tidemark.core.warehouse.ReaderRoles;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Grants a read-only role on the project's schemas, for BI tools reading the marts. */
public final class ReadAccessService {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final Project project;
  private final Warehouse warehouse;

  public ReadAccessService(Project project, Warehouse warehouse) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /**
   * Creates or updates {@code role} so that it reads {@code schemas} and writes nothing.
   *
   * @param schemas schemas holding the project's models; empty for every schema that does
   * @throws TidemarkException {@code INVALID_ARGUMENT} for a role or schema that is not a plain
   *     lower-case name, a schema with no model of the project, or an engine without roles
   */
  public ReadAccess grantReadOnly(String role, Optional<String> password, List<String> schemas) {
    requireNonNull(role, "role is null");
    requireNonNull(password, "password is null");
    requireNonNull(schemas, "schemas is null");
    if (!NAME.matcher(role).matches()) {
      throw invalid(
          "role '" + role + "' is not a plain name (lower-case letters, digits and _, 63 at most)");
    }
    TreeSet<String> modelSchemas = new TreeSet<>();
    for (Asset asset : project.assets().values()) {
      if (asset.isModel()) {
        modelSchemas.add(asset.name().schema());
      }
    }
    for (String schema : schemas) {
      if (!modelSchemas.contains(schema)) {
        throw invalid(
            "schema '"
                + schema
                + "' holds no model of the project (schemas with models: "
                + String.join(", ", modelSchemas)
                + ")");
      }
    }
    List<String> granted = schemas.isEmpty() ? List.copyOf(modelSchemas) : List.copyOf(schemas);
    try (WarehouseSession session = warehouse.openSession()) {
      ReaderRoles roles =
          session
              .readerRoles()
              .orElseThrow(
                  () ->
                      invalid(
                          "the "
                              + warehouse.name()
                              + " warehouse has no database roles; BI tools read it through a"
                              + " warehouse engine with users, such as postgres"));
      List<String> statements = roles.grantReadOnly(role, password, granted);
      return new ReadAccess(role, granted, warehouse.location(), statements);
    }
  }

  private static TidemarkException invalid(String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, message);
  }
}

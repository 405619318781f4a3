package io.tidemark.core.warehouse;

import java.util.List;
import java.util.Optional;

/**
 * An engine's database roles for readers outside Tidemark (BI tools): a login that can read the
 * named schemas and change nothing. Offered by engines with users and privileges ({@link
 * WarehouseSession#readerRoles()}).
 */
public interface ReaderRoles {
  /**
   * Creates {@code role} when missing (or updates it), able to log in and to read every table and
   * view of {@code schemas}, now and those Tidemark creates later, and nothing else; its sessions
   * are read-only. One transaction: on failure nothing changes.
   *
   * @param password the role's password; empty keeps the current one (or none, for a new role)
   * @return the statements run, the password left out
   */
  List<String> grantReadOnly(String role, Optional<String> password, List<String> schemas);
}

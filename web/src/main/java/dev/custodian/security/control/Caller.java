package dev.custodian.security.control;

/**
 * Who sent a request: the role of its token and a stable, non-secret name for audit entries
 * ({@code role-} plus the first hex digits of the token's SHA-256).
 */
public record Caller(Role role, String name) {
}

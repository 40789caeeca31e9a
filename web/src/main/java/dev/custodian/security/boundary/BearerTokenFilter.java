package dev.custodian.security.boundary;

import dev.custodian.api.Problems;
import dev.custodian.security.control.AccessTokens;
import dev.custodian.security.control.Caller;
import dev.custodian.security.control.Role;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;
import java.util.Arrays;

/**
 * Every API call needs {@code Authorization: Bearer <token>}: a missing or unknown token is 401,
 * a known token of the wrong role 403. Runs after routing, so it knows the method's roles.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final String SCHEME = "Bearer ";

    @Context
    ResourceInfo resource;

    @Inject
    AccessTokens tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        var error = tokens.configurationError();
        if (error.isPresent()) {
            request.abortWith(Problems.response(503, "not-configured", "Not configured", error.get(),
                    Problems.newInstance()));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            request.abortWith(unauthorized("missing bearer token"));
            return;
        }
        var caller = tokens.authenticate(header.substring(SCHEME.length()).trim());
        if (caller.isEmpty()) {
            request.abortWith(unauthorized("unknown token"));
            return;
        }
        if (!permits(caller.get().role())) {
            request.abortWith(Problems.response(403, "forbidden", "Forbidden",
                    "a " + caller.get().role().wireName() + " token may not call this", Problems.newInstance()));
            return;
        }
        request.setSecurityContext(new CallerContext(caller.get(), request.getSecurityContext().isSecure()));
    }

    private boolean permits(Role role) {
        if (role == Role.ADMIN) {
            return true;
        }
        Allowed allowed = resource.getResourceMethod().getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getResourceClass().getAnnotation(Allowed.class);
        }
        return allowed != null && Arrays.asList(allowed.value()).contains(role);
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problems.response(401, "unauthorized", "Unauthorized", detail,
                        Problems.newInstance()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"custodian\"")
                .build();
    }

    /** The caller, for resources that record who acted ({@code SecurityContext.getUserPrincipal}). */
    record CallerContext(Caller caller, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return caller::name;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().wireName().equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}

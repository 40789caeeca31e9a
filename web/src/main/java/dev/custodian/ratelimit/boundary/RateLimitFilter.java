package dev.custodian.ratelimit.boundary;

import dev.custodian.api.Problems;
import dev.custodian.ratelimit.control.RateLimits;
import dev.custodian.ratelimit.entity.RateLimitedOperation;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Spends the caller's budget of a {@link RateLimited} operation before the method runs (after the
 * token is known, so a refused token never spends one): over it, 429 problem+json with
 * {@code Retry-After}, and nothing is done.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    RateLimits limits;

    @Override
    public void filter(ContainerRequestContext request) {
        RateLimited limited = resource.getResourceMethod().getAnnotation(RateLimited.class);
        if (limited == null) {
            limited = resource.getResourceClass().getAnnotation(RateLimited.class);
        }
        if (limited == null) {
            return;
        }
        RateLimitedOperation operation = limited.value();
        String caller = request.getSecurityContext().getUserPrincipal().getName();
        Optional<Duration> wait = limits.take(caller, operation, Instant.now());
        if (wait.isPresent()) {
            long seconds = wait.get().toSeconds();
            request.abortWith(Response.fromResponse(Problems.response(429, "rate-limited", "Too many requests",
                            "this token may call " + operation.wireName() + " " + limits.budget(operation)
                                    + " times a minute; try again in " + seconds + " s", Problems.newInstance()))
                    .header(HttpHeaders.RETRY_AFTER, seconds).build());
        }
    }
}

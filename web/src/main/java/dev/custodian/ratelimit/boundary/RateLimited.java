package dev.custodian.ratelimit.boundary;

import dev.custodian.ratelimit.entity.RateLimitedOperation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A resource method each token may call only as often as its operation's budget allows ({@link RateLimitFilter}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    RateLimitedOperation value();
}

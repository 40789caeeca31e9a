package dev.custodian.objectstore.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Times every SDK call (a list page, a batch delete, a HEAD…) from its start to its end, retries
 * included, and hands the figure to a {@link StoreCallObserver}: one place for every operation,
 * list pages included, without wrapping each call.
 */
final class ObservingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("custodian.started");

    private final StoreCallObserver observer;

    ObservingInterceptor(StoreCallObserver observer) {
        this.observer = observer;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        report(attributes, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        report(attributes, failure instanceof S3Exception s3 ? S3Failures.code(s3) : failure.getClass().getSimpleName());
    }

    private void report(ExecutionAttributes attributes, String errorCode) {
        Long started = attributes.getAttribute(STARTED);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (started != null && operation != null) {
            observer.observed(operation, System.nanoTime() - started, errorCode);
        }
    }
}

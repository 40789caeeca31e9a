package dev.custodian.api;

import dev.custodian.bucketrun.entity.BucketRunException;
import dev.custodian.dedup.entity.DuplicateRemovalException;
import dev.custodian.deletion.entity.AmbiguousOwnerException;
import dev.custodian.deletion.entity.DeletionException;
import dev.custodian.deletion.entity.DeletionInProgressException;
import dev.custodian.deletion.entity.NothingToRetryException;
import dev.custodian.deletion.entity.TombstoneNotFoundException;
import dev.custodian.deletion.entity.DeletionNotFoundException;
import dev.custodian.deletion.entity.OwnerDeletedException;
import dev.custodian.inventory.entity.InventoryException;
import dev.custodian.ledger.entity.KeyConflictException;
import dev.custodian.retention.entity.BulkRunInProgressException;
import dev.custodian.retention.entity.DeleteLimitExceededException;
import dev.custodian.retention.entity.PolicyNotFoundException;
import dev.custodian.ledger.control.DatabaseOutages;
import dev.custodian.ledger.entity.LedgerException;
import dev.custodian.ledger.entity.ObjectNotFoundException;
import dev.custodian.maintenance.entity.MaintenanceException;
import dev.custodian.objectstore.entity.ObjectStoreException;
import dev.custodian.quota.entity.QuotaException;
import dev.custodian.quota.entity.QuotaExceededException;
import dev.custodian.receipt.entity.ReceiptException;
import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violation;
import dev.custodian.webhook.entity.WebhookNotFoundException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure leaves the API as problem details: 4xx logged at FINE, 5xx at SEVERE with the
 * stack trace (never in the body). One mapper per exception family.
 */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    static Response clientError(int status, String type, String title, String detail, Throwable cause) {
        return clientError(status, type, title, detail, cause, Map.of());
    }

    static Response clientError(int status, String type, String title, String detail, Throwable cause,
                                Map<String, List<String>> members) {
        String instance = Problems.newInstance();
        LOG.fine(() -> instance + " " + status + " " + detail);
        return Problems.response(status, type, title, detail, instance, List.of(), members);
    }

    static Response serverError(int status, String type, String title, String detail, Throwable cause) {
        String instance = Problems.newInstance();
        LOG.log(Level.SEVERE, instance + " " + status + " " + detail, cause);
        return Problems.response(status, type, title, detail, instance);
    }

    /** A 503 that says when to come back; outages here are seconds to minutes long. */
    static Response retryLater(Response problem) {
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }

    @Provider
    public static class Validation implements ExceptionMapper<ValidationException> {
        @Override
        public Response toResponse(ValidationException e) {
            String instance = Problems.newInstance();
            LOG.fine(() -> instance + " 400 " + e.getMessage());
            return Problems.response(400, "validation", "Invalid request", e.getMessage(), instance, e.violations());
        }
    }

    @Provider
    public static class Ledger implements ExceptionMapper<LedgerException> {
        @Override
        public Response toResponse(LedgerException e) {
            if (e instanceof ObjectNotFoundException) {
                return clientError(404, "not-found", "Not found", e.getMessage(), e);
            }
            if (e instanceof KeyConflictException) {
                return clientError(409, "key-conflict", "Key already in use", e.getMessage(), e);
            }
            return clientError(409, "conflict", "Conflict", e.getMessage(), e);
        }
    }

    @Provider
    public static class Deletion implements ExceptionMapper<DeletionException> {
        @Override
        public Response toResponse(DeletionException e) {
            if (e instanceof DeletionNotFoundException) {
                return clientError(404, "not-found", "Not found", e.getMessage(), e);
            }
            if (e instanceof OwnerDeletedException) {
                return clientError(409, "owner-deleted", "Owner deleted", e.getMessage(), e);
            }
            if (e instanceof TombstoneNotFoundException) {
                return clientError(404, "not-found", "Not found", e.getMessage(), e);
            }
            if (e instanceof NothingToRetryException) {
                return clientError(409, "nothing-to-retry", "Nothing to retry", e.getMessage(), e);
            }
            if (e instanceof DeletionInProgressException) {
                return clientError(409, "deletion-in-progress", "Deletion in progress", e.getMessage(), e);
            }
            if (e instanceof AmbiguousOwnerException ambiguous) {
                return clientError(409, "ambiguous-owner", "Ambiguous owner", e.getMessage(), e,
                        Map.of("users", ambiguous.users()));
            }
            return clientError(409, "conflict", "Conflict", e.getMessage(), e);
        }
    }

    /** A receipt not given: 404, 409 (not finished, records only), 410 (rows purged) or 503 (no signing key). */
    @Provider
    public static class Receipt implements ExceptionMapper<ReceiptException> {
        @Override
        public Response toResponse(ReceiptException e) {
            return switch (e.status()) {
                // a setting, not a failure: no stack trace
                case 503 -> serverError(503, e.type(), "Not configured", e.getMessage(), null);
                case 404 -> clientError(404, e.type(), "Not found", e.getMessage(), e);
                case 410 -> clientError(410, e.type(), "Gone", e.getMessage(), e);
                default -> clientError(e.status(), e.type(), "Conflict", e.getMessage(), e);
            };
        }
    }

    /** 413: what the upload would store does not fit the user's quota; nothing was stored. */
    @Provider
    public static class Quota implements ExceptionMapper<QuotaException> {
        @Override
        public Response toResponse(QuotaException e) {
            if (e instanceof QuotaExceededException) {
                return clientError(413, "quota-exceeded", "Quota exceeded", e.getMessage(), e);
            }
            return clientError(409, "conflict", "Conflict", e.getMessage(), e);
        }
    }

    @Provider
    public static class PolicyNotFound implements ExceptionMapper<PolicyNotFoundException> {
        @Override
        public Response toResponse(PolicyNotFoundException e) {
            return clientError(404, "not-found", "Not found", e.getMessage(), e);
        }
    }

    @Provider
    public static class WebhookNotFound implements ExceptionMapper<WebhookNotFoundException> {
        @Override
        public Response toResponse(WebhookNotFoundException e) {
            return clientError(404, "not-found", "Not found", e.getMessage(), e);
        }
    }

    /** 409: one bulk cleanup at a time in the cluster. */
    @Provider
    public static class BulkRunInProgress implements ExceptionMapper<BulkRunInProgressException> {
        @Override
        public Response toResponse(BulkRunInProgressException e) {
            return clientError(409, "bulk-run-in-progress", "Bulk cleanup in progress", e.getMessage(), e);
        }
    }

    @Provider
    public static class DeleteLimit implements ExceptionMapper<DeleteLimitExceededException> {
        @Override
        public Response toResponse(DeleteLimitExceededException e) {
            return clientError(409, "max-delete-exceeded", "Would exceed max_delete", e.getMessage(), e);
        }
    }

    @Provider
    public static class DuplicateRemoval implements ExceptionMapper<DuplicateRemovalException> {
        @Override
        public Response toResponse(DuplicateRemovalException e) {
            return clientError(409, e.type(), "Conflict", e.getMessage(), e);
        }
    }

    @Provider
    public static class Maintenance implements ExceptionMapper<MaintenanceException> {
        @Override
        public Response toResponse(MaintenanceException e) {
            return clientError(e.status(), e.type(), e.status() == 404 ? "Not found" : "Conflict", e.getMessage(), e);
        }
    }

    @Provider
    public static class BucketRun implements ExceptionMapper<BucketRunException> {
        @Override
        public Response toResponse(BucketRunException e) {
            return clientError(e.status(), e.type(), e.status() == 404 ? "Not found" : "Conflict", e.getMessage(), e);
        }
    }

    /** 422: the inventory report a run was to scan cannot be used; the field and what is wrong are named. */
    @Provider
    public static class Inventory implements ExceptionMapper<InventoryException> {
        @Override
        public Response toResponse(InventoryException e) {
            String instance = Problems.newInstance();
            LOG.fine(() -> instance + " 422 " + e.getMessage());
            return Problems.response(422, "invalid-inventory", "Unusable inventory report", e.getMessage(), instance,
                    List.of(new Violation("inventory_manifest", e.getMessage())));
        }
    }

    @Provider
    public static class Store implements ExceptionMapper<ObjectStoreException> {
        @Override
        public Response toResponse(ObjectStoreException e) {
            if (e.isTransient()) {
                return retryLater(serverError(503, "store-unavailable", "Object store unavailable",
                        "the object store did not answer; try again later (" + e.code() + ")", e));
            }
            return serverError(502, "store-error", "Object store refused the request",
                    "the object store refused the request (" + e.code() + ")", e);
        }
    }

    /** Routing and protocol errors raised by JAX-RS itself: 404, 405, 406, 415 and the like. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            String title = original.getStatusInfo().getReasonPhrase();
            String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
            Response problem = status >= 500
                    ? serverError(status, "http-" + status, title, detail, e)
                    : clientError(status, "http-" + status, title, detail, e);
            Response.ResponseBuilder builder = Response.fromResponse(problem);
            for (String header : new String[] {"Allow", "WWW-Authenticate", "Retry-After"}) {
                if (original.getHeaderString(header) != null) {
                    builder.header(header, original.getHeaderString(header));
                }
            }
            return builder.build();
        }
    }

    /** A body that is not the JSON it should be. */
    @Provider
    public static class MalformedJson implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException e) {
            return clientError(400, "malformed-json", "Malformed JSON", "the body is not valid JSON: "
                    + e.getMessage(), e);
        }
    }

    @Provider
    public static class MalformedBinding implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return clientError(400, "malformed-json", "Malformed JSON", "the body is not valid JSON", e);
        }
    }

    /** Entity providers fail with ProcessingException on unreadable bodies. */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return clientError(400, "unreadable-body", "Unreadable body", "the request body could not be read", e);
        }
    }

    /**
     * Anything else; a lost or overloaded database (see {@link DatabaseOutages}) is a 503 the
     * client may retry, since every request is one transaction and nothing was half-written.
     */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            if (DatabaseOutages.isOutage(e)) {
                return retryLater(serverError(503, "database-unavailable", "Database unavailable",
                        "the ledger database did not answer; nothing was changed, try again later", e));
            }
            return serverError(500, "internal", "Internal error",
                    "the service failed; quote the instance when reporting it", e);
        }
    }
}

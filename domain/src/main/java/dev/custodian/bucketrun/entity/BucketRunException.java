package dev.custodian.bucketrun.entity;

/** A bucket run that cannot be served as asked: a 404 or a 409, with the reason. */
public class BucketRunException extends RuntimeException {

    private final int status;
    private final String type;

    private BucketRunException(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    public static BucketRunException notFound(String message) {
        return new BucketRunException(404, "not-found", message);
    }

    public static BucketRunException conflict(String type, String message) {
        return new BucketRunException(409, type, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}

package s3cse.javav1;

/**
 * A failure answered as a protocol error body. {@code libraryRefusal} separates the encryption
 * client refusing (S3EncryptionClientError, which negative tests expect) from the adapter's own
 * problems (GenericServerError, which the harness records as errored).
 */
final class AdapterError extends RuntimeException {
    static final String CLIENT_ERROR = "S3EncryptionClientError";
    static final String SERVER_ERROR = "GenericServerError";

    final int status;
    final boolean libraryRefusal;
    final String category;
    final String code;

    private AdapterError(int status, boolean libraryRefusal, String category, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.libraryRefusal = libraryRefusal;
        this.category = category;
        this.code = code;
    }

    /** The encryption client (or the adapter on its behalf, for a setting v1 has no equivalent of) refused. */
    static AdapterError refusal(String category, String code, String message, Throwable cause) {
        return new AdapterError(500, true, category, code, message, cause);
    }

    /** The request itself is unusable: bad JSON, unknown client, missing header. */
    static AdapterError badRequest(String message) {
        return new AdapterError(400, false, null, "BadRequest", message, null);
    }

    /** A bug or unexpected state in the adapter. */
    static AdapterError internal(String message, Throwable cause) {
        return new AdapterError(500, false, null, cause == null ? "Internal" : cause.getClass().getSimpleName(), message, cause);
    }

    String type() {
        return libraryRefusal ? CLIENT_ERROR : SERVER_ERROR;
    }
}

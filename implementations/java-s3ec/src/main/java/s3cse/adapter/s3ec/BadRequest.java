package s3cse.adapter.s3ec;

/** A request the adapter cannot make sense of (caller bug): reported as GenericServerError, HTTP 400. */
final class BadRequest extends RuntimeException {
  BadRequest(String message) {
    super(message);
  }

  BadRequest(String message, Throwable cause) {
    super(message, cause);
  }
}

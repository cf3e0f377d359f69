package s3cse.adapter.s3ec;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.encryption.s3.S3EncryptionClientException;
import software.amazon.encryption.s3.S3EncryptionClientSecurityException;

/**
 * Turns a failed call into the protocol's error body.
 *
 * Refusals (the library's exceptions, the services' errors seen through it, and the adapter's own
 * {@link Refusal}s) become S3EncryptionClientError with `code` = the exception's simple class name
 * and a best-effort `category`; S3EC has one exception class for nearly everything, so the
 * category comes from its message. Anything else is an adapter problem: GenericServerError.
 * Messages carry exception names and texts only, never keys (S3EC messages hold none).
 */
final class ErrorReport {
  final int status;
  final ObjectNode body;

  private ErrorReport(int status, String type, String message, String category, String code) {
    this.status = status;
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("__type", type);
    b.put("message", message);
    if (category != null) b.put("category", category);
    if (code != null) b.put("code", code);
    this.body = b;
  }

  static ErrorReport of(Throwable t) {
    if (t instanceof Refusal) {
      Refusal r = (Refusal) t;
      return refusal(r.getMessage(), r.category, r.code);
    }
    if (t instanceof BadRequest) return new ErrorReport(400, "GenericServerError", "bad request: " + describe(t), null, null);
    S3EncryptionClientException s3ec = find(t, S3EncryptionClientException.class);
    if (s3ec != null) return refusal(describe(t), category(t), s3ec.getClass().getSimpleName());
    if (t instanceof SdkException || thrownByLibrary(t)) return refusal(describe(t), category(t), t.getClass().getSimpleName());
    return new ErrorReport(500, "GenericServerError", "adapter error: " + describe(t), null, null);
  }

  /**
   * A plain Java exception whose first non-JDK frame is in the library or the SDK (an NPE on odd
   * metadata, say) is the library saying no, however clumsily; one from our own frames is a bug.
   */
  private static boolean thrownByLibrary(Throwable t) {
    for (StackTraceElement frame : t.getStackTrace()) {
      String cls = frame.getClassName();
      if (cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.") || cls.startsWith("sun.")) continue;
      return cls.startsWith("software.amazon.");
    }
    return false;
  }

  private static ErrorReport refusal(String message, String category, String code) {
    return new ErrorReport(400, "S3EncryptionClientError", message, category, code);
  }

  /** Ordered: the first rule whose text occurs in an S3EC message decides. */
  private static final String[][] MESSAGE_RULES = {
    {"enable legacy", "config"},
    // Building a client with a legacy (or CTR) encryption algorithm: a configuration refused.
    {"encryption algorithm provided is legacy", "config"},
    {"only applicable", "unsupported"},
    {"is legacy", "unsupported"},
    {"commitment policy", "config"},
    {"committing algorithm", "config"},
    {"to re-encrypt the data key, configure", "config"},
    {"key commitment", "security"},
    {"enforced rotation", "security"},
    {"does not match", "security"},
    {"tampered", "security"},
    {"unwrap", "security"},
    {"decrypt data", "security"},
    {"malformed", "format"},
    {"has not been initialized", "format"},
    {"unable to decode", "format"},
    {"missing", "format"},
    {"has been disabled", "config"},
    {"unknown instruction file type", "format"},
    {"not supported", "unsupported"},
    {"unsupported", "unsupported"},
    {"unknown content encryption", "format"},
    {"unknown wrapping algorithm", "format"},
    {"unknown key provider", "config"},
    {"does not support the object", "config"},
    {"buffer size", "config"},
    {"exceeds the maximum buffer", "config"},
    {"must", "config"},
    {"cannot", "config"},
    {"exactly one", "config"},
    {"only one", "config"},
    {"invalid", "config"},
  };

  /**
   * Order matters: a missing instruction file is a format problem even though S3 said 404; then
   * what the services or the JCE said (S3EC wraps them, and its message repeats theirs); then
   * S3EC's own message. S3EC parses metadata inside the SDK's response handling, so malformed
   * metadata surfaces as a plain Java exception under an SdkClientException ("Unable to execute
   * HTTP request: Illegal base64 character"): that is a format refusal, not a service failure.
   */
  static String category(Throwable t) {
    if (find(t, S3EncryptionClientSecurityException.class) != null) return "security";
    for (String m : s3ecMessages(t)) {
      if (m.contains("fetching instruction file")) return "format";
    }
    for (Throwable c : chain(t)) {
      if (c instanceof GeneralSecurityException) return "security";
      // KMS refusing to decrypt a data key is the wrong key or context, as an AEAD failure is.
      if (c instanceof InvalidCiphertextException || c instanceof IncorrectKeyException) return "security";
      if (c instanceof NoSuchKeyException || c instanceof NoSuchBucketException) return "not-found";
      if (c instanceof AwsServiceException && ((AwsServiceException) c).statusCode() == 404) return "not-found";
      if (c instanceof KmsException || c instanceof AwsServiceException) return "service";
      if (isParsingFailure(c)) return "format";
    }
    for (String m : s3ecMessages(t)) {
      for (String[] rule : MESSAGE_RULES) {
        if (m.contains(rule[0])) return rule[1];
      }
    }
    for (Throwable c : chain(t)) {
      if (c instanceof SdkException && !(c instanceof S3EncryptionClientException)) return "service";
    }
    return null;
  }

  /** What decoding bad base64, numbers or JSON throws inside the library. */
  private static boolean isParsingFailure(Throwable c) {
    return c instanceof IllegalArgumentException // includes NumberFormatException
        || c instanceof NullPointerException
        || c instanceof NegativeArraySizeException
        || c instanceof IndexOutOfBoundsException
        || c instanceof UncheckedIOException
        || c.getClass().getName().contains(".jackson.");
  }

  private static List<String> s3ecMessages(Throwable t) {
    List<String> out = new ArrayList<>();
    for (Throwable c : chain(t)) {
      if (c instanceof S3EncryptionClientException && c.getMessage() != null) out.add(c.getMessage().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable c = t; c != null && !out.contains(c); c = c.getCause()) out.add(c);
    return out;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c : chain(t)) {
      if (type.isInstance(c)) return type.cast(c);
    }
    return null;
  }

  /**
   * "Name: message; caused by Name: message; ..." (no stack traces: they are noise here). The SDK
   * keeps earlier attempts' failures as suppressed exceptions; they often hold the real cause.
   */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c : chain(t)) {
      if (sb.length() > 0) sb.append("; caused by ");
      append(sb, c);
      for (Throwable s : c.getSuppressed()) {
        sb.append(" [suppressed ");
        append(sb, s);
        if (s.getCause() != null) append(sb.append(" <- "), s.getCause());
        sb.append(']');
      }
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, Throwable c) {
    sb.append(c.getClass().getSimpleName());
    if (c.getMessage() != null) sb.append(": ").append(c.getMessage());
  }
}

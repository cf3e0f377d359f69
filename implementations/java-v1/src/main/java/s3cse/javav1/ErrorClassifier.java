package s3cse.javav1;

import com.amazonaws.AmazonServiceException;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns what the v1 encryption client threw into a refusal with the protocol's categories.
 *
 * v1 signals most refusals with generic JDK types (SecurityException, IllegalStateException,
 * SdkClientException), so the category is read from the exception type where that is specific
 * and from the message otherwise. The categories follow the reference implementation's
 * (reference/src/errors.ts): a disabled legacy mode is `config`, a failed authentication or a
 * context mismatch is `security`, missing or unreadable envelopes are `format`.
 */
final class ErrorClassifier {
    private ErrorClassifier() {}

    /** Message fragments of v1's own refusals, most specific first. */
    private static final String[][] MESSAGE_CATEGORIES = {
        {"not encrypted using authenticated encryption", "config"},
        {"range get support", "config"},
        {"previous version of the client", "config"},
        {"no key wrap algorithm detected", "config"},
        {"use crypto mode", "config"},
        {"not consistent with selected", "config"},
        {"no material available", "config"},
        {"unable to retrieve the client encryption materials", "config"},
        {"unable to retrieve the encryption materials", "config"},
        {"reserved kms encryption context key", "config"},
        {"must differ", "config"},
        {"recreating kms encrypted cek is not supported", "unsupported"},
        {"unsupported content encryption scheme", "unsupported"},
        {"do not match information", "security"},
        {"don't match", "security"},
        {"unable to decrypt", "security"},
        {"instruction file not found", "format"},
        {"unencrypted object found", "format"},
        {"key wrap expected", "format"},
        {"content encrypting key not found", "format"},
        {"instruction file with suffix", "format"},
        {"is not encrypted", "format"},
    };

    /**
     * Failures of the environment (no region, no credentials, target unreachable): the library
     * never got to decide anything, so they are the adapter's problem, not a refusal.
     */
    private static final String[] ENVIRONMENT_MESSAGES = {
        "unable to find a region",
        "unable to load aws credentials",
    };

    static AdapterError classify(Throwable thrown) {
        List<Throwable> chain = causeChain(thrown);
        if (isEnvironmentFailure(chain)) return AdapterError.internal(describe(chain), thrown);
        String category = categoryOf(chain);
        Throwable named = mostSpecific(chain);
        return AdapterError.refusal(category, codeOf(named), describe(chain), thrown);
    }

    private static boolean isEnvironmentFailure(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) return true;
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String fragment : ENVIRONMENT_MESSAGES) {
                if (message.contains(fragment)) return true;
            }
        }
        return false;
    }

    private static String categoryOf(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof AmazonServiceException service) return serviceCategory(service);
        }
        for (Throwable t : chain) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String[] rule : MESSAGE_CATEGORIES) {
                if (message.contains(rule[0])) return rule[1];
            }
        }
        for (Throwable t : chain) {
            if (t instanceof GeneralSecurityException || t instanceof SecurityException) return "security";
            if (t instanceof com.amazonaws.services.s3.KeyWrapException) return "security";
            if (t instanceof UnsupportedOperationException) return "unsupported";
            if (t instanceof JsonProcessingException || t instanceof NumberFormatException) return "format";
            if (t instanceof IllegalArgumentException) return "config";
        }
        return null;
    }

    private static String serviceCategory(AmazonServiceException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        if (e.getStatusCode() == 404 || code.startsWith("NoSuch") || code.equals("NotFoundException")) return "not-found";
        if (code.equals("InvalidCiphertextException") || code.equals("IncorrectKeyException")) return "security";
        return "service";
    }

    /** The deepest cause that is more telling than the SDK's generic wrapper. */
    private static Throwable mostSpecific(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof AmazonServiceException) return t;
        }
        Throwable last = chain.get(0);
        for (Throwable t : chain) {
            if (!t.getClass().getName().equals("com.amazonaws.SdkClientException")) last = t;
        }
        return last;
    }

    private static String codeOf(Throwable t) {
        if (t instanceof AmazonServiceException service && service.getErrorCode() != null) {
            String name = t.getClass().getSimpleName();
            boolean generic = name.equals("AmazonS3Exception") || name.equals("AWSKMSException") || name.equals("AmazonServiceException");
            return generic ? service.getErrorCode() : name;
        }
        return t.getClass().getSimpleName();
    }

    /** Type and message of each link: enough to diagnose, and v1 never puts key bytes in messages. */
    static String describe(List<Throwable> chain) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : chain) {
            if (text.length() > 0) text.append(" <- caused by: ");
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.length() > 4000 ? text.substring(0, 4000) + "..." : text.toString();
    }

    static List<Throwable> causeChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t) && chain.size() < 10; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}

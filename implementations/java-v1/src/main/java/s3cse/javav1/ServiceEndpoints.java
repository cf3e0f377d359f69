package s3cse.javav1;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.auth.DefaultAWSCredentialsProviderChain;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.kms.AWSKMSClientBuilder;
import com.amazonaws.services.s3.AmazonS3Builder;

import java.util.Map;

/**
 * Where the S3 and KMS clients connect, read from the harness's environment.
 *
 * SDK v1 does not read AWS_ENDPOINT_URL*, so the adapter applies them itself; with none set
 * (the real-AWS target) the builders keep their default endpoint resolution.
 */
final class ServiceEndpoints {
    private final String s3Endpoint;
    private final String kmsEndpoint;
    private final String region;
    private final boolean pathStyle;
    private final AWSCredentialsProvider credentials;

    private ServiceEndpoints(Map<String, String> env) {
        String shared = blankToNull(env.get("AWS_ENDPOINT_URL"));
        this.s3Endpoint = firstNonNull(blankToNull(env.get("AWS_ENDPOINT_URL_S3")), shared);
        this.kmsEndpoint = firstNonNull(blankToNull(env.get("AWS_ENDPOINT_URL_KMS")), shared);
        this.region = firstNonNull(blankToNull(env.get("AWS_REGION")), blankToNull(env.get("AWS_DEFAULT_REGION")));
        this.pathStyle = "true".equalsIgnoreCase(env.get("S3EC_S3_FORCE_PATH_STYLE"));
        String accessKey = blankToNull(env.get("AWS_ACCESS_KEY_ID"));
        String secretKey = blankToNull(env.get("AWS_SECRET_ACCESS_KEY"));
        // Static keys when the harness hands them over (local targets); the full chain otherwise,
        // so session tokens and profiles keep working against real AWS.
        this.credentials = accessKey != null && secretKey != null && env.get("AWS_SESSION_TOKEN") == null
            ? new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKey, secretKey))
            : DefaultAWSCredentialsProviderChain.getInstance();
    }

    static ServiceEndpoints fromEnvironment() {
        return new ServiceEndpoints(System.getenv());
    }

    /** Applies endpoint, region, credentials and addressing to any S3 (encryption) client builder. */
    <B extends AmazonS3Builder<B, ?>> B configureS3(B builder) {
        configure(builder, s3Endpoint);
        if (pathStyle) builder.withPathStyleAccessEnabled(true);
        return builder;
    }

    AWSKMS kmsClient() {
        return configure(AWSKMSClientBuilder.standard(), kmsEndpoint).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        builder.withCredentials(credentials);
        if (endpoint != null) {
            builder.withEndpointConfiguration(new EndpointConfiguration(endpoint, region == null ? "us-east-1" : region));
        } else if (region != null) {
            builder.withRegion(region);
        }
        return builder;
    }

    String describe() {
        return "s3=" + (s3Endpoint == null ? "default" : s3Endpoint)
            + " kms=" + (kmsEndpoint == null ? "default" : kmsEndpoint)
            + " region=" + (region == null ? "default" : region)
            + " pathStyle=" + pathStyle;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}

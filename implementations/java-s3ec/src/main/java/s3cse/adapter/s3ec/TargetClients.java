package s3cse.adapter.s3ec;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The plain SDK clients every encryption client wraps, pointed at the harness's target.
 *
 * Built once per process and shared: the harness creates many encryption clients, and each
 * S3AsyncClient owns a Netty event loop, so building them per POST /client would pile up threads.
 * Unset endpoint variables mean the real AWS endpoints (the `aws` target).
 */
final class TargetClients {
  final S3Client s3;
  final S3Client instructionFiles;
  final S3AsyncClient s3Async;
  final KmsClient kms;
  final String description;

  private TargetClients(Map<String, String> env) {
    URI s3Endpoint = endpoint(env, "AWS_ENDPOINT_URL_S3");
    URI kmsEndpoint = endpoint(env, "AWS_ENDPOINT_URL_KMS");
    boolean pathStyle = "true".equalsIgnoreCase(env.getOrDefault("S3EC_S3_FORCE_PATH_STYLE", ""));
    Region region = region(env);
    AwsCredentialsProvider credentials = credentials(env);

    // Emulators answer `Expect: 100-continue` late (moto's werkzeug only once the body is read);
    // the SDK has by then sent the body and takes the late 100 for the final response ("Status
    // Code: 100"). Real S3 answers at once, so the header stays on when no endpoint is overridden.
    S3Configuration s3Config = S3Configuration.builder().expectContinueEnabled(s3Endpoint == null).build();
    s3 = configure(S3Client.builder(), s3Endpoint, region, credentials).forcePathStyle(pathStyle).serviceConfiguration(s3Config).build();
    instructionFiles = new BufferedInstructionFileClient(s3);
    s3Async = configure(S3AsyncClient.builder(), s3Endpoint, region, credentials).forcePathStyle(pathStyle).serviceConfiguration(s3Config).build();
    kms = configure(KmsClient.builder(), kmsEndpoint, region, credentials).build();
    description = "s3=" + (s3Endpoint == null ? "aws" : s3Endpoint) + " kms=" + (kmsEndpoint == null ? "aws" : kmsEndpoint)
        + " region=" + (region == null ? "(default chain)" : region.id()) + " pathStyle=" + pathStyle;
  }

  static TargetClients fromEnvironment() {
    return new TargetClients(System.getenv());
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint, Region region, AwsCredentialsProvider credentials) {
    if (endpoint != null) builder.endpointOverride(endpoint);
    if (region != null) builder.region(region);
    return builder.credentialsProvider(credentials);
  }

  /** The service-specific variable wins over AWS_ENDPOINT_URL, as in the SDKs' own lookup. */
  private static URI endpoint(Map<String, String> env, String serviceVariable) {
    String value = nonEmpty(env.get(serviceVariable));
    if (value == null) value = nonEmpty(env.get("AWS_ENDPOINT_URL"));
    return value == null ? null : URI.create(value);
  }

  private static Region region(Map<String, String> env) {
    String value = nonEmpty(env.get("AWS_REGION"));
    if (value == null) value = nonEmpty(env.get("AWS_DEFAULT_REGION"));
    return value == null ? null : Region.of(value);
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = nonEmpty(env.get("AWS_ACCESS_KEY_ID"));
    String secret = nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"));
    if (id == null || secret == null) return DefaultCredentialsProvider.builder().build();
    String token = nonEmpty(env.get("AWS_SESSION_TOKEN"));
    AwsCredentials creds = token == null ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token);
    return StaticCredentialsProvider.create(creds);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

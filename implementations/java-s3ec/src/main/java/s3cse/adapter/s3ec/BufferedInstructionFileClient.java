package s3cse.adapter.s3ec;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The instruction-file client handed to S3EC: GetObject reads the whole (small) instruction file
 * before returning it, so the HTTP connection goes back to the pool at once.
 *
 * Why: S3EC 3.5.0 and 4.0.1 parse the instruction file's ResponseInputStream and never close it
 * (ContentMetadataDecodingStrategy.decodeFromInstructionFile), so each instruction-file read
 * leaks a pooled connection; after the pool's 50 connections every later read waits for a
 * connection until the SDK gives up. Seen here as GETs hanging after ~50 instruction-file reads.
 */
final class BufferedInstructionFileClient extends DelegatingS3Client {
  private final S3Client s3;

  BufferedInstructionFileClient(S3Client s3) {
    super(s3);
    this.s3 = s3;
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
    ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(request);
    return new ResponseInputStream<>(bytes.response(), bytes.asInputStream());
  }
}

/** What each flag of a recorded case means (the case file header's `notes`, Wycheproof-style). */
import type { CaseNote } from '../../vectors/corpus-types.js';

const SPEC = 'https://github.com/awslabs/aws-encryption-sdk-specification/tree/master/s3-encryption';

export const RECORDED_NOTES: Readonly<Record<string, CaseNote>> = {
  RealClient: {
    bugType: 'INTEROPERABILITY',
    description: 'An AWS client library wrote this object through its adapter on the embedded S3 + KMS target; the body, metadata and instruction file are stored as S3 returned them.',
    effect: 'A reader that refuses it cannot read objects that this client writes in production.',
    links: [SPEC],
  },
  Legacy: {
    bugType: 'LEGACY',
    description: 'A V1 envelope, a legacy wrapping algorithm (AES, AESWrap, RSA-OAEP-SHA256, kms) or unauthenticated AES/CBC content.',
    effect: 'Readable with the legacy switches on only; a reader that reads it with them off is open to the downgrades of CVE-2020-8912.',
    links: ['https://nvd.nist.gov/vuln/detail/CVE-2020-8912', `${SPEC}/client.md`],
  },
  EdgeSize: {
    bugType: 'EDGE_CASE',
    description: 'The plaintext length sits at a block, page or buffer boundary: 0, 1, 15, 16, 17, 4095, 4096 or 65539 bytes.',
    effect: 'Off-by-one errors in padding, tag handling or buffering show up as a wrong length or a refused object.',
    links: [`${SPEC}/decryption.md`],
  },
  NonAscii: {
    bugType: 'INTEROPERABILITY',
    description: 'The materials description (AES, RSA) or the encryption context (KMS) holds non-ASCII characters; S3 returns such metadata values in RFC 2047 form.',
    effect: 'A reader that parses x-amz-matdesc without decoding RFC 2047 sends KMS another context or rejects the description, and refuses an object its writer reads.',
    links: ['https://www.rfc-editor.org/rfc/rfc2047', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html', `${SPEC}/data-format/content-metadata.md`],
  },
  LargeObject: {
    bugType: 'FUNCTIONALITY',
    description: 'A 1 MiB + 3 byte object: larger than the buffers and parts clients stream with, and not block-aligned.',
    effect: 'Streaming bugs (a lost or repeated chunk, a tag checked before the end) corrupt or refuse large objects while small ones pass.',
    links: [`${SPEC}/decryption.md`],
  },
};

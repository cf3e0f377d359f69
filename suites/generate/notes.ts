/** What each flag of the negative and round-trip case files means (Wycheproof's notes). */
import type { CaseNote } from '../../vectors/corpus.js';

const CVE_8912 = 'https://nvd.nist.gov/vuln/detail/CVE-2020-8912';
const CVE_8911 = 'https://nvd.nist.gov/vuln/detail/CVE-2020-8911';
const SPEC = 'https://github.com/awslabs/aws-encryption-sdk-specification/tree/master/s3-encryption';

export const NOTES: Readonly<Record<string, CaseNote>> = {
  AuthenticationTag: {
    bugType: 'AUTHENTICATION_BYPASS',
    description: 'A byte GCM authenticates (ciphertext, tag or IV) is changed.',
    effect: 'A reader that releases plaintext before checking the tag, or ignores it, hands out attacker-modified data.',
    links: ['https://csrc.nist.gov/pubs/sp/800/38/d/final'],
  },
  KeyWrap: {
    bugType: 'AUTHENTICATION_BYPASS',
    description: 'The wrapped data key is changed; every wrap in use authenticates it (GCM tag, OAEP, RFC 3394 integrity check, KMS).',
    effect: 'A reader that accepts a corrupted wrapped key decrypts with a key nobody chose.',
    links: [SPEC],
  },
  KeyCommitment: {
    bugType: 'AUTHENTICATION_BYPASS',
    description: 'The V3 key commitment or message id is changed, or placed where the format forbids it.',
    effect: 'A reader that skips the commitment check accepts a body under a substituted data key.',
    links: [SPEC],
  },
  CommitmentPolicy: {
    bugType: 'MISSING_CHECK',
    description: 'The reader is configured with an explicit key-commitment policy (key-commitment.md): REQUIRE_ENCRYPT_REQUIRE_DECRYPT reads only committing (V3) objects.',
    effect: 'A reader that ignores its policy reads objects without key commitment, which a substituted data key can forge.',
    links: [SPEC],
  },
  KeySubstitution: {
    bugType: 'AUTHENTICATION_BYPASS',
    description: 'The data key of one object is offered for another one through its instruction file.',
    effect: 'A reader that does not bind the key to the body returns garbage or, with CBC, feeds a padding oracle.',
    links: [SPEC],
  },
  Truncation: {
    bugType: 'AUTHENTICATION_BYPASS',
    description: 'The body is shortened, block-aligned or not.',
    effect: 'A reader that returns what it could decrypt hands out a truncated object as if it were whole.',
    links: ['https://csrc.nist.gov/pubs/sp/800/38/d/final'],
  },
  AlgorithmDowngrade: {
    bugType: 'DOWNGRADE',
    description: 'The envelope names weaker algorithms than the object was written with (in-band algorithm negotiation).',
    effect: 'A reader that trusts the names decrypts authenticated ciphertext in an unauthenticated mode.',
    links: [CVE_8912, CVE_8911],
  },
  PaddingOracle: {
    bugType: 'PADDING_ORACLE',
    description: 'GCM ciphertext read as CBC: only the padding check stands between the attacker and a decryption oracle.',
    effect: 'A reader that reaches CBC unpadding reveals, through its errors, bytes of the plaintext.',
    links: [CVE_8911, CVE_8912],
  },
  BleichenbacherPair: {
    bugType: 'PADDING_ORACLE',
    description: 'Two objects whose RSA-wrapped keys decrypt with valid and with invalid padding; both expect the same error category.',
    effect: 'A reader whose refusals differ between the two is an RSA padding oracle (Bleichenbacher 1998, Manger 2001).',
    links: ['https://link.springer.com/chapter/10.1007/BFb0055716', 'https://link.springer.com/chapter/10.1007/3-540-44647-8_14'],
  },
  LegacyOn: {
    bugType: 'LEGACY',
    description: 'The reader has the legacy wrapping and legacy content switches on.',
    effect: 'The refusal has to come from the cryptographic binding, not from the policy.',
    links: [SPEC],
  },
  LegacyOff: {
    bugType: 'LEGACY',
    description: 'The reader has the legacy switches off (the default).',
    effect: 'A legacy algorithm named in the envelope is refused by the policy before any key is used.',
    links: [SPEC],
  },
  MixedFormat: {
    bugType: 'MALFORMED_INPUT',
    description: 'The envelope holds keys exclusive to different format versions.',
    effect: 'A reader that picks one version silently lets an attacker choose how the object is read.',
    links: [SPEC],
  },
  V3HeaderSpoofing: {
    bugType: 'DOWNGRADE',
    description: 'V3-only keys added to a V2 object, as in the V3HeaderSpoofing test of the AWS S3 Encryption Client for Java.',
    effect: 'A reader that mixes the two versions misjudges which checks apply to the object.',
    links: ['https://github.com/aws/amazon-s3-encryption-client-java'],
  },
  WrapSwap: {
    bugType: 'MISSING_CHECK',
    description: 'The wrapping algorithm is renamed to another current one.',
    effect: 'A reader that unwraps with whatever the envelope names, rather than what its key supports, misuses its key.',
    links: [SPEC],
  },
  InstructionFile: {
    bugType: 'MISSING_CHECK',
    description: 'The instruction file is missing, replaced, malformed, or disagrees with the object.',
    effect: 'A reader that guesses, merges or takes the first of two values lets the instruction file override the object.',
    links: [SPEC],
  },
  EncryptionContext: {
    bugType: 'MISSING_CHECK',
    description: 'The KMS encryption context passed or stored differs from the one the object was written with.',
    effect: 'A reader that skips the comparison decrypts objects for callers that name another context.',
    links: [SPEC],
  },
  MalformedInput: {
    bugType: 'MALFORMED_INPUT',
    description: 'An envelope value is not what the format defines (not base64, not JSON, not a valid number or name).',
    effect: 'A lenient parser turns junk into key material or parameters.',
    links: [SPEC],
  },
  EdgeSize: {
    bugType: 'EDGE_CASE',
    description: 'The plaintext is empty, or one byte either side of the 16-byte AES block.',
    effect: 'Off-by-one errors in padding, tag handling or length bookkeeping show up at these sizes.',
    links: [SPEC],
  },
  OversizedValue: {
    bugType: 'EDGE_CASE',
    description: 'An envelope value is far longer than the format defines.',
    effect: 'A reader that does not check lengths misuses the value or spends unbounded resources on it.',
    links: [SPEC],
  },
};

export function notesFor(flags: Iterable<string>): Record<string, CaseNote> {
  const used = [...new Set(flags)].sort();
  return Object.fromEntries(
    used.map((f) => {
      const note = NOTES[f];
      if (!note) throw new Error(`flag ${f} has no note`);
      return [f, note];
    }),
  );
}

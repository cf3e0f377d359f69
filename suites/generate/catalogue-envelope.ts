/**
 * The negative catalogue, envelope changes: keys of two format versions, V3 keys spoofed onto V2
 * objects, wrap swaps, unknown algorithms and tag lengths. Keys the format does not allow together
 * or values it does not define → format, algorithm names it does not define included (the
 * public Ruby V3 vectors in vectors/public/public-kats.json, unknown x-amz-c 999 and x-amz-w 99,
 * state format at the metadata stage); a current wrap renamed to another → security (the reader's
 * key does not fit the named wrap).
 */
import { refuse, type Tampering } from './catalogue-types.js';
import { L } from '../lines.js';
import { algorithmFields, exclusiveMapkeys, wrapField } from './rule-lines.js';
import { labelBytes } from './resolve.js';
import { CURRENT_WRAPS } from './sources.js';
import { specLine } from '../spec-lines.js';

const MAPKEYS = 'data-format/content-metadata.md#content-metadata-mapkeys';
const STATUS = 'data-format/content-metadata.md#determining-s3ec-object-status';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const spoof = (s: { case: { id: string } }, what: string): string => b64(labelBytes(`${s.case.id}/${what}`, 28));

/**
 * Added after the first release of the corpus, so listed last in the catalogue: the sources the
 * earlier entries rotate through, and with them their case ids, stay as they were.
 */
export const ENVELOPE_LATER: readonly Tampering[] = [
  {
    name: 'tag-len-on-cbc',
    area: 'envelope',
    description: 'A CBC object gains x-amz-tag-len: 128, which the format defines for GCM objects only',
    flags: ['MalformedInput'],
    lines: [specLine(MAPKEYS, 'then the the mapkey "x-amz-tag-len" MUST NOT be present'), specLine(STATUS, 'if there is any deviation from the above format')],
    applies: { contents: ['cbc'] },
    sizes: [17],
    build: () => [{ ops: [{ op: 'set-envelope', key: 'x-amz-tag-len', value: '128' }], expect: refuse('format', 'metadata') }],
  },
  {
    name: 'v1-without-matdesc',
    area: 'envelope',
    description: 'A V1 object loses x-amz-matdesc, which the format requires of every V1 object',
    flags: ['MalformedInput'],
    lines: [specLine(MAPKEYS, 'The mapkey "x-amz-matdesc" MUST be present for V1'), specLine(STATUS, 'if there is any deviation from the above format')],
    applies: { formats: ['v1'] },
    sizes: [17],
    build: () => [{ ops: [{ op: 'delete-envelope', key: 'x-amz-matdesc' }], expect: refuse('format', 'metadata') }],
  },
];

export const ENVELOPE: readonly Tampering[] = [
  ...(
    [
      ['v1-key-in-v2', ['v2'], 'x-amz-key', 'x-amz-key-v2'],
      ['v3-key-in-v2', ['v2'], 'x-amz-3', 'x-amz-key-v2'],
      ['v2-key-in-v3', ['v3'], 'x-amz-key-v2', 'x-amz-3'],
      ['v1-key-in-v3', ['v3'], 'x-amz-key', 'x-amz-3'],
      ['v2-key-in-v1', ['v1'], 'x-amz-key-v2', 'x-amz-key'],
    ] as const
  ).map(
    ([name, formats, added, copied]): Tampering => ({
      name: `mixed-${name}`,
      area: 'envelope',
      description: `The envelope gains ${added}, a copy of its ${copied}, so it holds wrapped keys of two format versions`,
      flags: ['MixedFormat'],
      lines: exclusiveMapkeys,
      applies: { formats },
      sizes: [17],
      build: (s) => [{ ops: [{ op: 'set-envelope', key: added, value: s.envelope[copied]! }], expect: refuse('format', 'metadata') }],
    }),
  ),
  {
    name: 'v3-header-spoofing',
    area: 'envelope',
    description: 'V3-only keys are added to a V2 object (as in the V3HeaderSpoofing test of the AWS S3 Encryption Client for Java)',
    flags: ['V3HeaderSpoofing', 'MixedFormat'],
    lines: [L.statusMixed, L.statusV2, L.statusV3, L.v2Exclusive],
    applies: { formats: ['v2'], storages: ['metadata'] },
    sizes: [17],
    build: (s) => [
      { suffix: 'c', detail: 'x-amz-c: 115 is added', ops: [{ op: 'set-metadata', key: 'x-amz-c', value: '115' }], expect: refuse('format', 'metadata') },
      {
        suffix: 'c-d-i',
        detail: 'x-amz-c, x-amz-d and x-amz-i are added',
        ops: [
          { op: 'set-metadata', key: 'x-amz-c', value: '115' },
          { op: 'set-metadata', key: 'x-amz-d', value: spoof(s, 'd') },
          { op: 'set-metadata', key: 'x-amz-i', value: spoof(s, 'i') },
        ],
        expect: refuse('format', 'metadata'),
      },
      {
        suffix: 'c-w-d-i',
        detail: 'x-amz-c, x-amz-w, x-amz-d and x-amz-i are added',
        ops: [
          { op: 'set-metadata', key: 'x-amz-c', value: '115' },
          { op: 'set-metadata', key: 'x-amz-w', value: '02' },
          { op: 'set-metadata', key: 'x-amz-d', value: spoof(s, 'd') },
          { op: 'set-metadata', key: 'x-amz-i', value: spoof(s, 'i') },
        ],
        expect: refuse('format', 'metadata'),
      },
    ],
  },
  {
    name: 'wrap-alg-swap',
    area: 'envelope',
    description: 'The wrapping algorithm is renamed to another current one, which the reader\u2019s key does not fit',
    flags: ['WrapSwap'],
    lines: wrapField,
    applies: { formats: ['v2', 'v3'], wraps: CURRENT_WRAPS },
    sizes: [17],
    build: (s) =>
      CURRENT_WRAPS.filter((w) => w !== s.wrap).map((w) => {
        const code = { 'AES/GCM': '02', 'kms+context': '12', 'RSA-OAEP-SHA1': '22' }[w];
        const key = s.format === 'v3' ? 'x-amz-w' : 'x-amz-wrap-alg';
        return {
          suffix: `to-${code}`,
          detail: `${key} becomes ${s.format === 'v3' ? code : w}`,
          ops: [{ op: 'set-envelope', key, value: s.format === 'v3' ? code : w }],
          // Each current wrap belongs to one kind of key, so the reader's key no longer fits: a key
          // that cannot serve the object (config). A V3 KMS object keeps its context in x-amz-t,
          // which only kms+context may use: renamed away from KMS, the envelope is malformed.
          expect: s.format === 'v3' && s.wrap === 'kms+context' ? refuse('format', 'metadata') : refuse('config', 'key-unwrap'),
        };
      }),
  },
  {
    name: 'unknown-algorithm',
    area: 'envelope',
    description: 'An algorithm field names an algorithm the format does not define',
    flags: ['MalformedInput'],
    lines: algorithmFields,
    applies: { formats: ['v2', 'v3'] },
    sizes: [17],
    build: (s) =>
      s.format === 'v3'
        ? [
            { suffix: 'w', detail: 'x-amz-w becomes 99', ops: [{ op: 'set-envelope', key: 'x-amz-w', value: '99' }], expect: refuse('unsupported', 'metadata') },
            { suffix: 'c', detail: 'x-amz-c becomes 116', ops: [{ op: 'set-envelope', key: 'x-amz-c', value: '116' }], expect: refuse('unsupported', 'metadata') },
          ]
        : [
            { suffix: 'wrap', detail: 'x-amz-wrap-alg becomes AES/KWP', ops: [{ op: 'set-envelope', key: 'x-amz-wrap-alg', value: 'AES/KWP' }], expect: refuse('unsupported', 'metadata') },
            {
              suffix: 'cek',
              detail: 'x-amz-cek-alg becomes AES/XTS/NoPadding',
              ops: [{ op: 'set-envelope', key: 'x-amz-cek-alg', value: 'AES/XTS/NoPadding' }],
              expect: refuse('unsupported', 'metadata'),
            },
          ],
  },
  {
    name: 'wrong-tag-len',
    area: 'envelope',
    // An absent x-amz-tag-len is no variant: readers take it as 128 (aws-sdk-go v1 s3crypto writes
    // none, and the public Go vectors read without it).
    description: 'x-amz-tag-len of a GCM object is not 128, the one valid value',
    flags: ['MalformedInput'],
    lines: [L.v2TagLenGcm],
    applies: { formats: ['v2'], contents: ['gcm'] },
    sizes: [17],
    build: () => [
      ...['96', 'abc'].map((v) => ({
        suffix: v,
        detail: `x-amz-tag-len becomes ${v}`,
        ops: [{ op: 'set-envelope', key: 'x-amz-tag-len', value: v }],
        expect: refuse('format', 'metadata'),
      })),
    ],
  },
];

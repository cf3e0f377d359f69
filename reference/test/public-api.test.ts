import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as api from '../src/index.js';

test('the public entry point exports the client, offline API, keyrings, providers and errors', () => {
  for (const name of ['S3EncryptionClient', 'encryptObject', 'decryptObject', 'AesKeyring', 'RsaKeyring', 'KmsKeyring', 'PrefixMaterialsProvider', 'S3EncryptionError']) {
    assert.type((api as Record<string, unknown>)[name], 'function', name);
  }
});

test('it also exports what the command line, the EMRFS profile and the test kit need, and no EMRFS', () => {
  for (const name of ['resolveWriteFormat', 'collectBody', 'decodeS3MetadataValue', 'isS3EncryptionError']) {
    assert.type((api as Record<string, unknown>)[name], 'function', name);
  }
  assert.equal(api.WRAP.KMS_CONTEXT, 'kms+context');
  assert.equal([api.EC_CEK_ALG_KEY, api.KMS_CMK_ID_KEY], ['aws:x-amz-cek-alg', 'kms_cmk_id']);
  // EMRFS is its own folder (emrfs/) on top of this API, not part of the reference.
  assert.equal(
    Object.keys(api).filter((name) => /emrfs/i.test(name)),
    [],
  );
});

test('every error code has a category, and codes are documented in reference/README.md', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const [code, category] of Object.entries(api.ERROR_CODES)) {
    assert.ok(['format', 'unsupported', 'config', 'security', 'service'].includes(category), code);
    assert.ok(readme.includes(`\`${code}\``), `${code} is not documented in reference/README.md`);
  }
});

test.run();

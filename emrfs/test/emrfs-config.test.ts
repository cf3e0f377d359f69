/**
 * EMRFS configuration files: EMR configuration JSON and Hadoop emrfs-site.xml, every property with
 * its default, and every way a file can be malformed (each error names the file and the property).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EmrfsConfigurationError } from '../configuration-error.js';
import { loadEmrfsProfile } from '../load.js';
import { loadEmrfsSite } from '../load-site.js';
import { readsLegacy, storageOf } from '../profile.js';
import { EMRFS_KMS_PROVIDER_CLASS } from '../properties.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-config-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(text: string, name = `conf-${counter++}`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function emrJson(properties: Record<string, string>, extra: unknown[] = []): string {
  return JSON.stringify([...extra, { Classification: 'emrfs-site', Properties: properties }]);
}

function xml(properties: Record<string, string>): string {
  const body = Object.entries(properties)
    .map(([n, v]) => `  <property><name>${n}</name><value>${v}</value></property>`)
    .join('\n');
  return `<?xml version="1.0"?>\n<configuration>\n${body}\n</configuration>\n`;
}

/** Asserts loading `path` fails with INVALID_CONFIGURATION naming the file (and `property`). */
function refused(path: string, property: string | undefined, message: RegExp): void {
  try {
    loadEmrfsProfile(path);
  } catch (e) {
    assert.ok(e instanceof EmrfsConfigurationError, String(e));
    assert.is(e.code, 'INVALID_CONFIGURATION');
    assert.is(e.category, 'config');
    assert.is(e.file, path);
    assert.is(e.property, property);
    assert.ok(e.message.startsWith(`${path}: ${property === undefined ? '' : `${property}: `}`), e.message);
    assert.match(e.message, message);
    return;
  }
  assert.unreachable(`expected ${path} to be refused`);
}

test('defaults: an empty emrfs-site is CSE off, ObjectMetadata, EncryptionOnly, V1 client, no materials description', () => {
  for (const text of [emrJson({}), '[]', xml({})]) {
    const profile = loadEmrfsProfile(file(text));
    assert.is(profile.enabled, false);
    assert.is(profile.keys, undefined);
    assert.is(profile.materialsDescription, false);
    assert.is(profile.storageMode, 'ObjectMetadata');
    assert.is(storageOf(profile), 'metadata');
    assert.is(profile.cryptoMode, 'EncryptionOnly');
    assert.is(readsLegacy(profile), true);
    assert.is(profile.encryptionV2, false);
    assert.is(profile.kmsRegion, undefined);
  }
});

test('every property, set: JSON and XML read the same', () => {
  const properties = {
    'fs.s3.cse.enabled': ' True ',
    'fs.s3.cse.encryptionMaterialsProvider': 'com.example.MyProvider',
    'fs.s3.cse.encryptionMaterialsProvider.uri': 's3://bucket/provider.mjs',
    'fs.s3.cse.materialsDescription.enabled': 'TRUE',
    'fs.s3.cse.cryptoStorageMode': 'InstructionFile',
    'fs.s3.cse.cryptoMode': 'StrictAuthenticatedEncryption',
    'fs.s3.cse.encryptionV2.enabled': 'true',
    'fs.s3.cse.kms.region': 'eu-west-1',
    'myProvider.arg1': 'value1',
  };
  for (const text of [emrJson(properties), xml(properties)]) {
    const profile = loadEmrfsProfile(file(text));
    assert.is(profile.enabled, true);
    assert.equal(profile.keys, { kind: 'custom', provider: 'com.example.MyProvider', uri: 's3://bucket/provider.mjs' });
    assert.is(profile.materialsDescription, true);
    assert.is(storageOf(profile), 'instruction');
    assert.is(profile.cryptoMode, 'StrictAuthenticatedEncryption');
    assert.is(readsLegacy(profile), false);
    assert.is(profile.encryptionV2, true);
    assert.is(profile.kmsRegion, 'eu-west-1');
    // The provider's own arguments stay available, untouched.
    assert.is(profile.site.properties['myProvider.arg1'], 'value1');
  }
});

test('CSE-KMS: the EMRFS KMS provider class with a key id, or a key id alone; AuthenticatedEncryption still reads legacy', () => {
  const withClass = loadEmrfsProfile(file(emrJson({ 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.encryptionMaterialsProvider': EMRFS_KMS_PROVIDER_CLASS, 'fs.s3.cse.kms.keyId': 'alias/emr' })));
  assert.equal(withClass.keys, { kind: 'kms', keyId: 'alias/emr' });
  const alone = loadEmrfsProfile(file(emrJson({ 'fs.s3.cse.kms.keyId': 'k-1', 'fs.s3.cse.cryptoMode': 'AuthenticatedEncryption' })));
  assert.equal(alone.keys, { kind: 'kms', keyId: 'k-1' });
  assert.is(readsLegacy(alone), true);
  // A custom provider with a key id stays custom: it may read the id itself.
  const custom = loadEmrfsProfile(file(emrJson({ 'fs.s3.cse.encryptionMaterialsProvider': './p.ts', 'fs.s3.cse.kms.keyId': 'k-1' })));
  assert.equal(custom.keys, { kind: 'custom', provider: './p.ts', uri: undefined });
  // Blank counts as unset, as EMRFS's isNullOrEmpty checks do.
  assert.is(loadEmrfsProfile(file(emrJson({ 'fs.s3.cse.kms.keyId': '  ', 'fs.s3.cse.cryptoMode': '' }))).keys, undefined);
});

test('EMR JSON: other classifications are ignored, describe-cluster and EMR-on-EKS shapes are accepted', () => {
  const others = [
    { Classification: 'spark-defaults', Properties: { 'spark.executor.memory': 2 } },
    { Classification: 'hadoop-env', Configurations: [{ Classification: 'export', Properties: { JAVA_HOME: '/usr' } }] },
  ];
  const properties = { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.kms.keyId': 'k' };
  const site = loadEmrfsSite(file(emrJson(properties, others)));
  assert.is(site.format, 'emr-json');
  assert.equal({ ...site.properties }, properties);
  const describe = JSON.stringify({ Cluster: { Id: 'j-1', Configurations: [{ Classification: 'emrfs-site', Properties: properties }] } });
  assert.equal({ ...loadEmrfsSite(file(describe)).properties }, properties);
  assert.equal({ ...loadEmrfsSite(file(JSON.stringify({ Configurations: [{ classification: 'emrfs-site', properties }] }))).properties }, properties);
  // A classification without Properties is allowed (EMR allows it too).
  assert.equal({ ...loadEmrfsSite(file(JSON.stringify([{ Classification: 'emrfs-site' }]))).properties }, {});
});

test('Hadoop XML: prolog, stylesheet, comments, DOCTYPE, attributes, CDATA, entities, description; later names win', () => {
  const text = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
<!DOCTYPE configuration>
<!-- written by EMR -->
<configuration>
  <property>
    <name> fs.s3.cse.enabled </name>
    <value>false</value>
    <description>turned on below</description>
    <final>true</final>
  </property>
  <property><name>fs.s3.cse.enabled</name><value>true</value><source>emrfs-site.xml</source></property>
  <property name="fs.s3.cse.kms.keyId" value="a&amp;b&#65;&#x42;&lt;&gt;&quot;&apos;" />
  <property><name>custom.arg</name><value><![CDATA[<x>&y]]></value><!-- inline --><?pi?></property>
  <property><name>empty</name><value/></property>
</configuration>
<!-- trailing -->
`;
  const site = loadEmrfsSite(file(text, 'emrfs-site.xml'));
  assert.is(site.format, 'hadoop-xml');
  assert.equal({ ...site.properties }, { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.kms.keyId': 'a&bAB<>"\'', 'custom.arg': '<x>&y', empty: '' });
});

test('malformed EMR JSON: each error names the file and, where one is to blame, the property', () => {
  refused(file('[{"Classification": "emrfs-site",'), undefined, /not valid JSON/);
  refused(file('{"Classification": "emrfs-site"}'), undefined, /expected a JSON list/);
  refused(file('[42]'), undefined, /configuration 0 is not an object/);
  refused(file('[{"Properties": {}}]'), undefined, /configuration 0 has no Classification/);
  refused(file(JSON.stringify([{ Classification: 'emrfs-site' }, { Classification: 'x' }, { Classification: 'emrfs-site' }])), undefined, /emrfs-site is given twice \(configurations 0 and 2\)/);
  refused(file(JSON.stringify([{ Classification: 'emrfs-site', Properties: ['fs.s3.cse.enabled'] }])), undefined, /Properties must be an object/);
  refused(file(JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': true } }])), 'fs.s3.cse.enabled', /must be a string/);
});

test('malformed XML: each error names the file, the line and the property when known', () => {
  const cases: [string, string | undefined, RegExp][] = [
    ['<configuration><property><name>a</name><value>b</value></property>', undefined, /not well-formed XML \(line 1: <configuration> is not closed\)/],
    ['<configuration>\n<property><name>a</name><value>b</value></prop>\n</configuration>', undefined, /line 2: expected <\/property>/],
    ['<conf><property><name>a</name><value>b</value></property></conf>', undefined, /root element must be <configuration>, not <conf>/],
    ['<configuration>\n  <xi:include href="core-site.xml"/>\n</configuration>', undefined, /line 2: <xi:include> is not supported/],
    ['<configuration>fs.s3.cse.enabled=true</configuration>', undefined, /text directly inside <configuration>/],
    ['<configuration><property><value>b</value></property></configuration>', undefined, /<property> has no <name>/],
    ['<configuration><property><name>fs.s3.cse.enabled</name></property></configuration>', 'fs.s3.cse.enabled', /<property> has no <value>/],
    ['<configuration><property><name>fs.s3.cse.enabled</name><vaule>true</vaule></property></configuration>', 'fs.s3.cse.enabled', /unexpected <vaule> in <property>/],
    ['<configuration><property><name>p</name>text<value>v</value></property></configuration>', 'p', /text directly inside <property>/],
    ['<configuration><property><name>p</name><value><b>v</b></value></property></configuration>', 'p', /<b> inside <value>/],
    ['<configuration><property><name>p</name><value>&nbsp;</value></property></configuration>', undefined, /unknown entity &nbsp;/],
    ['<configuration><property><name>p</name><value>a & b</value></property></configuration>', undefined, /"&" must be written &amp;/],
    ['<!DOCTYPE configuration [<!ENTITY x "y">]><configuration/>', undefined, /internal subset is not supported/],
    ['<configuration/><configuration/>', undefined, /content after the root element/],
    ['<configuration><!-- open', undefined, /unterminated comment/],
    ['<?xml version="1.0"', undefined, /unterminated processing instruction/],
    ['<!DOCTYPE configuration', undefined, /unterminated DOCTYPE/],
    ['<configuration><property><name>p</name><value><![CDATA[x</value></property></configuration>', undefined, /unterminated CDATA/],
    ['<configuration><property name=p/></configuration>', undefined, /attribute name of <property> is not quoted/],
    ['<configuration><property name="p/></configuration>', undefined, /unterminated attribute name/],
    ['<configuration><property name="a" name="b"/></configuration>', undefined, /attribute name repeated/],
    ['<configuration><property name/></configuration>', undefined, /attribute name of <property> has no value/],
    ['<configuration><property name="a"value="b"/></configuration>', undefined, /malformed <property> tag/],
    ['<configuration><1property/></configuration>', undefined, /expected a name/],
    ['  \n', undefined, /neither EMR configuration JSON .* nor Hadoop configuration XML/],
    ['<configuration><property><name>x</name><value>1</value></property></configuration><', undefined, /expected a name|content after/],
  ];
  for (const [text, property, message] of cases) refused(file(text), property, message);
  refused(file('x'), undefined, /neither/);
  refused(join(dir, 'missing.json'), undefined, /cannot read the file \(ENOENT\)/);
});

test('values EMRFS would refuse are errors naming the property, not silent defaults', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ 'fs.s3.cse.enabled': 'yes' }, 'fs.s3.cse.enabled', /must be true or false, not "yes"/],
    [{ 'fs.s3.cse.materialsDescription.enabled': '1' }, 'fs.s3.cse.materialsDescription.enabled', /true or false/],
    [{ 'fs.s3.cse.encryptionV2.enabled': 'on' }, 'fs.s3.cse.encryptionV2.enabled', /true or false/],
    [{ 'fs.s3.cse.cryptoStorageMode': 'instructionfile' }, 'fs.s3.cse.cryptoStorageMode', /one of ObjectMetadata, InstructionFile/],
    [{ 'fs.s3.cse.cryptoMode': 'Strict' }, 'fs.s3.cse.cryptoMode', /one of EncryptionOnly, AuthenticatedEncryption, StrictAuthenticatedEncryption/],
    [{ 'fs.s3.cse.encryptionMaterialsProvider': EMRFS_KMS_PROVIDER_CLASS }, 'fs.s3.cse.kms.keyId', /cannot be empty/],
    [{ 'fs.s3.cse.enabled': 'true' }, 'fs.s3.cse.encryptionMaterialsProvider', /is not set/],
  ];
  for (const [properties, property, message] of cases) {
    refused(file(emrJson(properties)), property, message);
    refused(file(xml(properties)), property, message);
  }
});

test.run();

/**
 * Hadoop configuration XML (`emrfs-site.xml`, as EMR writes it under /usr/share/aws/emr/emrfs/conf):
 *
 *   <configuration><property><name>fs.s3.cse.enabled</name><value>true</value></property></configuration>
 *
 * As Hadoop's `Configuration` parser: names are trimmed and values kept as written; `name`,
 * `value` and `final` may also be attributes of `<property>`; `description`, `final`, `source`
 * and `tag` are accepted and ignored; a later definition of a name replaces an earlier one.
 * XInclude and unknown elements are refused (a misspelt `<vaule>` must not pass unnoticed).
 */
import { configurationError } from './configuration-error.js';
import { parseXml, type XmlSyntaxError, type XmlElement } from './xml-subset.js';

const IGNORED_CHILDREN = new Set(['description', 'final', 'source', 'tag']);

export function parseHadoopConfigurationXml(text: string, file: string): Record<string, string> {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    // The parser throws XmlSyntaxError only; its message starts with the line number.
    return configurationError(file, undefined, `not well-formed XML (${(e as XmlSyntaxError).message})`);
  }
  if (root.name !== 'configuration') configurationError(file, undefined, `line ${root.line}: the root element must be <configuration>, not <${root.name}>`);
  const properties: Record<string, string> = {};
  for (const child of root.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') configurationError(file, undefined, 'text directly inside <configuration>');
      continue;
    }
    if (child.name !== 'property') {
      configurationError(file, undefined, `line ${child.line}: <${child.name}> is not supported inside <configuration> (only <property>)`);
    }
    const [name, value] = property(child, file);
    properties[name] = value;
  }
  return properties;
}

function property(element: XmlElement, file: string): [string, string] {
  let name = element.attributes['name'];
  let value = element.attributes['value'];
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') configurationError(file, name?.trim(), `line ${element.line}: text directly inside <property>`);
    } else if (child.name === 'name') name = text(child, file, name);
    else if (child.name === 'value') value = text(child, file, name);
    else if (!IGNORED_CHILDREN.has(child.name)) configurationError(file, name?.trim(), `line ${child.line}: unexpected <${child.name}> in <property>`);
  }
  const trimmed = name?.trim();
  if (!trimmed) configurationError(file, undefined, `line ${element.line}: <property> has no <name>`);
  if (value === undefined) configurationError(file, trimmed, `line ${element.line}: <property> has no <value>`);
  return [trimmed, value];
}

/** The text of a leaf element; markup inside a name or value is a mistake worth reporting. */
function text(element: XmlElement, file: string, property: string | undefined): string {
  return element.children.map((c) => (typeof c === 'string' ? c : configurationError(file, property?.trim(), `line ${c.line}: <${c.name}> inside <${element.name}>`))).join('');
}

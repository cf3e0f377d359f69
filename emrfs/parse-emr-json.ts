/**
 * EMR configuration JSON: the list `aws emr create-cluster --configurations file://…` takes,
 * `[{"Classification": "emrfs-site", "Properties": {...}, "Configurations": [...]}, ...]`.
 *
 * Also accepted, so a file can be taken as the AWS CLI prints it: `aws emr describe-cluster`
 * output (`{"Cluster": {"Configurations": [...]}}`) or an object with `Configurations`, and the
 * lower-case member names of EMR on EKS (`classification`, `properties`). Only `emrfs-site` is
 * read; other classifications are ignored, but every entry must still be well formed.
 */
import { configurationError } from './configuration-error.js';
import { EMRFS_CLASSIFICATION } from './properties.js';

export function parseEmrConfigurationJson(text: string, file: string): Record<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    return configurationError(file, undefined, `not valid JSON (${(e as Error).message})`);
  }
  const entries = configurationList(document, file);
  let properties: Record<string, string> | undefined;
  let seenAt = -1;
  entries.forEach((entry, index) => {
    if (!isRecord(entry)) configurationError(file, undefined, `configuration ${index} is not an object`);
    const classification = member(entry, 'Classification');
    if (typeof classification !== 'string' || classification === '') {
      configurationError(file, undefined, `configuration ${index} has no Classification`);
    }
    if (classification !== EMRFS_CLASSIFICATION) return;
    // EMR refuses a classification given twice; merging them here would hide which one wins.
    if (properties !== undefined) configurationError(file, undefined, `${EMRFS_CLASSIFICATION} is given twice (configurations ${seenAt} and ${index})`);
    properties = stringProperties(member(entry, 'Properties'), file);
    seenAt = index;
  });
  return properties ?? {};
}

function configurationList(document: unknown, file: string): unknown[] {
  if (Array.isArray(document)) return document;
  if (isRecord(document)) {
    const holder = isRecord(document['Cluster']) ? document['Cluster'] : document;
    const list = member(holder, 'Configurations');
    if (Array.isArray(list)) return list;
  }
  return configurationError(file, undefined, 'expected a JSON list of {"Classification", "Properties"} configurations');
}

function stringProperties(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) return configurationError(file, undefined, `${EMRFS_CLASSIFICATION} Properties must be an object`);
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    // EMR's API takes string values only; a bare true or 5 is refused there, so here too.
    if (typeof v !== 'string') configurationError(file, name, `value must be a string (EMR takes only strings), got ${JSON.stringify(v)}`);
    out[name] = v;
  }
  return out;
}

/** `Classification` or `classification` (EMR on EKS spells members in lower camel case). */
function member(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const lower = name[0]!.toLowerCase() + name.slice(1);
  return Object.hasOwn(record, lower) ? record[lower] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

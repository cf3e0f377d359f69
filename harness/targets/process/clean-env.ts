/**
 * The environment for an emulator child: ours minus AWS_* variables. Emulators run boto3
 * internally, and an AWS_ENDPOINT_URL or AWS_PROFILE meant for the harness's own clients would
 * redirect or break those calls.
 */
export function emulatorEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value;
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

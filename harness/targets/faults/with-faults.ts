/**
 * A running target seen through the fault proxy: implementations under test (childEnv) and the
 * endpoints reach S3 and KMS through it, while the harness's own set-up clients (`s3`, `kms`)
 * still go straight to the target, so faults hit only what is being tested.
 */
import { localChildEnv, type RunningTarget } from '../target.js';
import type { FaultInjector } from './plan.js';
import { startFaultProxy, type FaultProxy } from './proxy.js';

export async function withFaultProxy<T extends RunningTarget>(target: T, faults: FaultInjector): Promise<T> {
  const proxies = new Map<string, FaultProxy>();
  const through = async (endpoint: string): Promise<string> => {
    let proxy = proxies.get(endpoint);
    if (!proxy) proxies.set(endpoint, (proxy = await startFaultProxy(endpoint, faults)));
    return proxy.endpoint;
  };
  const s3Endpoint = await through(target.s3Endpoint);
  const kmsEndpoint = await through(target.kmsEndpoint);
  return {
    ...target,
    s3Endpoint,
    kmsEndpoint,
    description: `${target.description} behind the fault proxy`,
    childEnv: () => ({ ...target.childEnv(), ...localChildEnv(s3Endpoint, kmsEndpoint) }),
    stop: async () => {
      await Promise.all([...proxies.values()].map((p) => p.stop()));
      await target.stop();
    },
  };
}

import type { GatewayApiKey, GatewayUsage, UsagePlanGateway } from '../../functions/core/ports.js';

type Operation = 'attach' | 'detach' | 'usage';

export interface GatewayCall {
  operation: Operation;
  /** The gateway key's name: `<namespace>/<ES key id>`. */
  name: string;
  plan?: string;
}

/**
 * API Gateway's usage plans in memory, the one stand-in the tests use for a control plane that
 * cannot run here: records every call, keeps the keys it was given, and fails on request.
 */
export class FakeUsagePlanGateway implements UsagePlanGateway {
  readonly calls: GatewayCall[] = [];
  /** Gateway keys by name: their value and their one plan. */
  readonly keys = new Map<string, { value: string; plan: string }>();
  /** What `usage` reports as the quota left in the period (undefined: nothing counted yet). */
  remaining: number | undefined;
  private readonly failing = new Set<Operation>();

  failOn(...operations: Operation[]): void {
    for (const operation of operations) {
      this.failing.add(operation);
    }
  }

  heal(): void {
    this.failing.clear();
  }

  /** The calls made for one ES key. */
  callsFor(keyId: string): GatewayCall[] {
    return this.calls.filter((call) => call.name.endsWith(`/${keyId}`));
  }

  private record(call: GatewayCall): void {
    this.calls.push(call);
    if (this.failing.has(call.operation)) {
      throw Object.assign(new Error('Too Many Requests'), { name: 'TooManyRequestsException' });
    }
  }

  async attach(key: GatewayApiKey, plan: string): Promise<void> {
    this.record({ operation: 'attach', name: key.name, plan });
    this.keys.set(key.name, { value: key.value, plan });
  }

  async detach(key: GatewayApiKey): Promise<void> {
    this.record({ operation: 'detach', name: key.name });
    this.keys.delete(key.name);
  }

  async keyNames(prefix: string): Promise<string[]> {
    return [...this.keys.keys()].filter((name) => name.startsWith(prefix));
  }

  async usage(key: GatewayApiKey, plan: string): Promise<GatewayUsage | undefined> {
    this.record({ operation: 'usage', name: key.name, plan });
    if (this.keys.get(key.name)?.plan !== plan) {
      return undefined;
    }
    return this.remaining === undefined ? {} : { remaining: this.remaining };
  }
}

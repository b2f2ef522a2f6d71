import { describe, expect, it } from 'vitest';
import { ApiGatewayUsagePlans } from '../../../functions/store/api-gateway-usage-plans.js';

type Input = Record<string, unknown>;

function conflict(): Error {
  return Object.assign(new Error('exists'), { name: 'ConflictException' });
}

/** API Gateway's control plane in memory: the commands the adapter sends, and nothing else. */
class FakeControlPlane {
  readonly sent: string[] = [];
  readonly keys = new Map<string, { name: string; value: string }>();
  readonly onPlan = new Set<string>();
  /** Creates the key behind the adapter's back just before its CreateApiKey (a concurrent request). */
  racing = false;
  failPlans = 0;
  private nextId = 0;
  readonly plans = [
    { id: 'p1', name: 'svc-basic-dev' },
    { id: 'p2', name: 'svc-pro-dev' },
  ];

  private createKey(name: string, value: string): string {
    if ([...this.keys.values()].some((key) => key.value === value)) {
      throw conflict();
    }
    this.nextId += 1;
    const id = `k${this.nextId}`;
    this.keys.set(id, { name, value });
    return id;
  }

  async send(command: { constructor: { name: string }; input: Input }): Promise<unknown> {
    const { input } = command;
    const operation = command.constructor.name.replace(/Command$/, '');
    this.sent.push(operation);
    switch (operation) {
      case 'GetUsagePlans': {
        if (this.failPlans > 0) {
          this.failPlans -= 1;
          throw Object.assign(new Error('slow'), { name: 'TimeoutError' });
        }
        const keyId = input['keyId'];
        return {
          items: this.plans.filter(
            (plan) => keyId === undefined || this.onPlan.has(`${plan.id}:${keyId}`),
          ),
        };
      }
      case 'GetApiKeys':
        return {
          items: [...this.keys]
            .filter(([, key]) => key.name.startsWith(String(input['nameQuery'])))
            .map(([id, key]) => ({ id, name: key.name })),
        };
      case 'CreateApiKey':
        if (this.racing) {
          this.racing = false;
          this.createKey(String(input['name']), String(input['value']));
        }
        return { id: this.createKey(String(input['name']), String(input['value'])) };
      case 'CreateUsagePlanKey': {
        const entry = `${input['usagePlanId']}:${input['keyId']}`;
        if (this.onPlan.has(entry)) {
          throw conflict();
        }
        this.onPlan.add(entry);
        return {};
      }
      case 'DeleteUsagePlanKey':
        this.onPlan.delete(`${input['usagePlanId']}:${input['keyId']}`);
        return {};
      case 'DeleteApiKey':
        this.keys.delete(String(input['apiKey']));
        return {};
      case 'GetUsage':
        return {
          items: {
            [String(input['keyId'])]: [
              [1, 99],
              [3, 96],
            ],
          },
        };
      default:
        throw new Error(`unexpected ${operation}`);
    }
  }

  plansOf(name: string): string[] {
    const id = [...this.keys].find(([, key]) => key.name === name)?.[0];
    return this.plans.filter((plan) => this.onPlan.has(`${plan.id}:${id}`)).map((p) => p.name);
  }
}

function adapter(): { plane: FakeControlPlane; plans: ApiGatewayUsagePlans } {
  const plane = new FakeControlPlane();
  return { plane, plans: new ApiGatewayUsagePlans(() => plane) };
}

const KEY = { name: 'svc-dev/abc', value: 'a'.repeat(64) };

describe('ApiGatewayUsagePlans (the AWS SDK adapter, on a fake control plane)', () => {
  it('creates the key once and puts it on its plan; repeating changes nothing', async () => {
    const { plane, plans } = adapter();

    await plans.attach(KEY, 'svc-basic-dev');
    await plans.attach(KEY, 'svc-basic-dev');

    expect(plane.keys.size).toBe(1);
    expect(plane.plansOf(KEY.name)).toEqual(['svc-basic-dev']);
    expect(plane.sent.filter((operation) => operation === 'CreateApiKey')).toHaveLength(1);
    expect(plane.sent.filter((operation) => operation === 'CreateUsagePlanKey')).toHaveLength(1);
  });

  it('moves a key to another plan, off the one it was on', async () => {
    const { plane, plans } = adapter();

    await plans.attach(KEY, 'svc-basic-dev');
    await plans.attach(KEY, 'svc-pro-dev');

    expect(plane.plansOf(KEY.name)).toEqual(['svc-pro-dev']);
  });

  it('matches key names exactly, though the name query matches prefixes', async () => {
    const { plane, plans } = adapter();
    const longer = { name: `${KEY.name}d`, value: 'b'.repeat(64) };

    await plans.attach(longer, 'svc-basic-dev');
    await plans.attach(KEY, 'svc-pro-dev');

    expect(plane.keys.size).toBe(2);
    expect(plane.plansOf(longer.name)).toEqual(['svc-basic-dev']);
    expect(plane.plansOf(KEY.name)).toEqual(['svc-pro-dev']);
  });

  it('finds the key a concurrent request created (CreateApiKey conflict) and attaches it', async () => {
    const { plane, plans } = adapter();
    plane.racing = true;

    await plans.attach(KEY, 'svc-basic-dev');

    expect(plane.keys.size).toBe(1);
    expect(plane.plansOf(KEY.name)).toEqual(['svc-basic-dev']);
  });

  it('deletes the key, and deleting a missing key is no error', async () => {
    const { plane, plans } = adapter();
    await plans.attach(KEY, 'svc-basic-dev');

    await plans.detach(KEY);
    await plans.detach(KEY);

    expect(plane.keys.size).toBe(0);
    expect(plane.sent.filter((operation) => operation === 'DeleteApiKey')).toHaveLength(1);
  });

  it('lists the names of the keys under a prefix, across deployments sharing the account', async () => {
    const { plans } = adapter();
    await plans.attach(KEY, 'svc-basic-dev');
    await plans.attach({ name: 'svc-devx/abc', value: 'c'.repeat(64) }, 'svc-basic-dev');

    expect(await plans.keyNames('svc-dev/')).toEqual(['svc-dev/abc']);
  });

  it('reads the quota left as of the last day counted; no key, no usage', async () => {
    const { plans } = adapter();

    const missing = await plans.usage(KEY, 'svc-basic-dev', '2026-12-01', '2026-12-01');
    await plans.attach(KEY, 'svc-basic-dev');
    const counted = await plans.usage(KEY, 'svc-basic-dev', '2026-11-25', '2026-12-01');

    expect(missing).toBeUndefined();
    expect(counted).toEqual({ remaining: 96 });
  });

  it('names a plan API Gateway does not have, and lists the plans again after a failure', async () => {
    const { plane, plans } = adapter();
    plane.failPlans = 1;

    await expect(plans.attach(KEY, 'svc-basic-dev')).rejects.toThrow('slow');
    await expect(plans.attach(KEY, 'svc-gold-dev')).rejects.toMatchObject({
      name: 'UsagePlanNotFound',
    });
    await plans.attach(KEY, 'svc-basic-dev');

    expect(plane.plansOf(KEY.name)).toEqual(['svc-basic-dev']);
  });
});

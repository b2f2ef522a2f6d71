import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { GatewayApiKey, GatewayUsage, UsagePlanGateway } from '../core/ports.js';

type Client = Pick<APIGatewayClient, 'send'>;
type Sdk = typeof import('@aws-sdk/client-api-gateway');

/** Bounds of every control-plane call: a stalled API Gateway fails the request within seconds. */
export interface ControlPlaneTimeouts {
  connectMillis: number;
  requestMillis: number;
  maxAttempts: number;
}

export const CONTROL_PLANE_TIMEOUTS: ControlPlaneTimeouts = {
  connectMillis: 1_000,
  requestMillis: 2_000,
  maxAttempts: 2,
};

/** The largest page API Gateway returns. */
const PAGE = 500;

function named(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * API Gateway's usage plans through the AWS SDK. Plans are found by their `UsagePlanName` (read
 * once per instance: CloudFormation creates them after the functions, so their ids cannot be in
 * the functions' environment) and API keys by their name. The SDK is loaded on first use.
 */
export class ApiGatewayUsagePlans implements UsagePlanGateway {
  private sdk: Promise<{ sdk: Sdk; client: Client }> | undefined;
  private planIds: Promise<Map<string, string>> | undefined;

  constructor(private readonly createClient: (sdk: Sdk) => Client) {}

  static forRegion(
    region: string,
    timeouts: ControlPlaneTimeouts = CONTROL_PLANE_TIMEOUTS,
  ): ApiGatewayUsagePlans {
    return new ApiGatewayUsagePlans(
      (sdk) =>
        new sdk.APIGatewayClient({
          region,
          maxAttempts: timeouts.maxAttempts,
          requestHandler: {
            connectionTimeout: timeouts.connectMillis,
            requestTimeout: timeouts.requestMillis,
            throwOnRequestTimeout: true,
          },
        }),
    );
  }

  private connect(): Promise<{ sdk: Sdk; client: Client }> {
    this.sdk ??= import('@aws-sdk/client-api-gateway').then((sdk) => ({
      sdk,
      client: this.createClient(sdk),
    }));
    return this.sdk;
  }

  private async planId(plan: string): Promise<string> {
    this.planIds ??= this.listPlans().catch((error: unknown) => {
      this.planIds = undefined;
      throw error;
    });
    const id = (await this.planIds).get(plan);
    if (id === undefined) {
      throw Object.assign(new Error(`no usage plan named [${plan}]`), {
        name: 'UsagePlanNotFound',
      });
    }
    return id;
  }

  private async listPlans(): Promise<Map<string, string>> {
    const { sdk, client } = await this.connect();
    const ids = new Map<string, string>();
    let position: string | undefined;
    do {
      const page = await client.send(new sdk.GetUsagePlansCommand({ limit: PAGE, position }));
      for (const plan of page.items ?? []) {
        if (plan.name && plan.id) {
          ids.set(plan.name, plan.id);
        }
      }
      position = page.position;
    } while (position);
    return ids;
  }

  /** Keys whose names start with `prefix` (API Gateway's name query matches prefixes), by name. */
  private async *keysNamed(prefix: string): AsyncIterable<{ id: string; name: string }> {
    const { sdk, client } = await this.connect();
    let position: string | undefined;
    do {
      const page = await client.send(
        new sdk.GetApiKeysCommand({ nameQuery: prefix, limit: PAGE, position }),
      );
      for (const item of page.items ?? []) {
        if (item.id && item.name?.startsWith(prefix)) {
          yield { id: item.id, name: item.name };
        }
      }
      position = page.position;
    } while (position);
  }

  /** The id of the gateway key with exactly this name. */
  private async findKey(key: GatewayApiKey): Promise<string | undefined> {
    for await (const found of this.keysNamed(key.name)) {
      if (found.name === key.name) {
        return found.id;
      }
    }
    return undefined;
  }

  async keyNames(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const found of this.keysNamed(prefix)) {
      names.push(found.name);
    }
    return names;
  }

  /** Finds the key, else creates it; a concurrent creation of the same value is found after all. */
  private async ensureKey(key: GatewayApiKey): Promise<{ id: string; created: boolean }> {
    const existing = await this.findKey(key);
    if (existing !== undefined) {
      return { id: existing, created: false };
    }
    const { sdk, client } = await this.connect();
    try {
      const created = await client.send(
        new sdk.CreateApiKeyCommand({ name: key.name, value: key.value, enabled: true }),
      );
      if (created.id) {
        return { id: created.id, created: true };
      }
    } catch (error) {
      if (!named(error, 'ConflictException')) {
        throw error;
      }
    }
    const raced = await this.findKey(key);
    if (raced === undefined) {
      throw new Error(`API key [${key.name}] was neither created nor found`);
    }
    return { id: raced, created: false };
  }

  async attach(key: GatewayApiKey, plan: string): Promise<void> {
    const planId = await this.planId(plan);
    const { id, created } = await this.ensureKey(key);
    const { sdk, client } = await this.connect();
    let onPlan = false;
    if (!created) {
      const current = await client.send(new sdk.GetUsagePlansCommand({ keyId: id, limit: PAGE }));
      for (const other of current.items ?? []) {
        if (other.id === planId) {
          onPlan = true;
        } else if (other.id) {
          await client
            .send(new sdk.DeleteUsagePlanKeyCommand({ usagePlanId: other.id, keyId: id }))
            .catch((error: unknown) => {
              if (!named(error, 'NotFoundException')) {
                throw error;
              }
            });
        }
      }
    }
    if (!onPlan) {
      await client
        .send(
          new sdk.CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId: id, keyType: 'API_KEY' }),
        )
        .catch((error: unknown) => {
          if (!named(error, 'ConflictException')) {
            throw error;
          }
        });
    }
  }

  async detach(key: GatewayApiKey): Promise<void> {
    const id = await this.findKey(key);
    if (id === undefined) {
      return;
    }
    const { sdk, client } = await this.connect();
    await client.send(new sdk.DeleteApiKeyCommand({ apiKey: id })).catch((error: unknown) => {
      if (!named(error, 'NotFoundException')) {
        throw error;
      }
    });
  }

  async usage(
    key: GatewayApiKey,
    plan: string,
    from: string,
    to: string,
  ): Promise<GatewayUsage | undefined> {
    const planId = await this.planId(plan);
    const id = await this.findKey(key);
    if (id === undefined) {
      return undefined;
    }
    const { sdk, client } = await this.connect();
    const result = await client.send(
      new sdk.GetUsageCommand({ usagePlanId: planId, keyId: id, startDate: from, endDate: to }),
    );
    // One [used, remaining] pair per day counted, oldest first.
    const last = result.items?.[id]?.at(-1);
    if (!last || last.length < 2) {
      return {};
    }
    return { remaining: Number(last[1]) };
  }
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Statement {
  Effect: string;
  Action: string[];
  Resource?: unknown;
  Condition?: unknown;
}
interface Role {
  Type: string;
  Properties: { Policies?: { PolicyDocument: { Statement: Statement[] } }[] };
}

const repoFile = (path: string): string =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const service = parse(repoFile('serverless.yml')) as {
  provider: Record<string, unknown>;
  functions: Record<string, { role?: string }>;
};
const roles = (parse(repoFile('infra/iam.yml')) as { Resources: Record<string, Role> }).Resources;

function statementsOf(roleName: string): Statement[] {
  const role = roles[roleName];
  if (role === undefined) {
    throw new Error(`no role ${roleName} in infra/iam.yml`);
  }
  return (role.Properties.Policies ?? []).flatMap((policy) => policy.PolicyDocument.Statement);
}

function actionsOf(roleName: string): string[] {
  return statementsOf(roleName).flatMap((statement) => statement.Action);
}

const READ_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'ssm:GetParameter']);

/** The one write an authenticating role may make: `last_used` of a key, and nothing back. */
const RECORD_LAST_USED: Statement = {
  Effect: 'Allow',
  Action: ['dynamodb:UpdateItem'],
  Resource: [{ 'Fn::GetAtt': ['ApiKeysTable', 'Arn'] }],
  Condition: {
    'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['id', 'last_used'] },
    StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
  },
};

/** What Lambda's active tracing needs (AWS's AWSXRayDaemonWriteAccess, without sampling reads). */
const WRITE_TRACES: Statement = {
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: '*',
};

const isStatement = (expected: Statement) => (statement: Statement) =>
  isDeepStrictEqual(statement, expected);

/** The role's statements other than the last-used write and the trace upload. */
function otherStatements(roleName: string): Statement[] {
  return statementsOf(roleName).filter(
    (statement) =>
      !isStatement(RECORD_LAST_USED)(statement) && !isStatement(WRITE_TRACES)(statement),
  );
}

describe('least privilege (infra/iam.yml)', () => {
  it('gives every function a role of its own kind, none the shared provider role', () => {
    expect(service.provider['iam']).toBeUndefined();
    for (const [name, fn] of Object.entries(service.functions)) {
      expect(fn.role, name).toBeDefined();
      expect(roles[fn.role ?? '']?.Type, name).toBe('AWS::IAM::Role');
    }
  });

  it('lets the authorizer and authenticate only read credentials and record last_used', () => {
    for (const name of [
      'authorizer',
      'authenticate',
      'hasPrivileges',
      'clearApiKeyCache',
      'noHandler',
    ]) {
      const role = service.functions[name]?.role ?? '';

      expect(
        otherStatements(role)
          .flatMap((statement) => statement.Action)
          .filter((action) => !READ_ACTIONS.has(action)),
        name,
      ).toEqual([]);
      expect(statementsOf(role).filter(isStatement(RECORD_LAST_USED)), name).toHaveLength(1);
    }
  });

  it('lets every function that authenticates record last_used, and nothing wider on that grant', () => {
    const authenticating = Object.values(service.functions)
      .map((fn) => fn.role ?? '')
      .filter((role) => actionsOf(role).includes('dynamodb:GetItem'));
    expect(authenticating.length).toBeGreaterThan(0);
    for (const role of authenticating) {
      expect(statementsOf(role).some(isStatement(RECORD_LAST_USED)), role).toBe(true);
    }
    for (const name of Object.keys(roles)) {
      const conditioned = statementsOf(name).filter(
        (statement) => statement.Condition !== undefined,
      );
      expect(conditioned.every(isStatement(RECORD_LAST_USED)), name).toBe(true);
    }
  });

  it('lets every function send X-Ray traces, with tracing on for the functions and the REST API', () => {
    expect(service.provider['tracing']).toEqual({ lambda: true, apiGateway: true });
    for (const [name, fn] of Object.entries(service.functions)) {
      expect(statementsOf(fn.role ?? '').some(isStatement(WRITE_TRACES)), name).toBe(true);
    }
  });

  it('never grants deletes of key items, nor access to keys to the users and roles APIs', () => {
    for (const name of Object.keys(roles)) {
      const statements = (roles[name]?.Properties.Policies ?? []).flatMap(
        (policy) => policy.PolicyDocument.Statement,
      );
      for (const statement of statements) {
        const onKeys = JSON.stringify(statement.Resource ?? []).includes('ApiKeysTable');
        expect(onKeys && statement.Action.includes('dynamodb:DeleteItem'), name).toBe(false);
      }
    }
    const admin = service.functions['users']?.role ?? '';
    const keyWrites = otherStatements(admin).filter(
      (statement) =>
        JSON.stringify(statement.Resource ?? []).includes('ApiKeysTable') &&
        statement.Action.some((action) => !READ_ACTIONS.has(action)),
    );
    expect(keyWrites).toEqual([]);
  });

  it('lets key readers query each index of the key table by name, and no other', () => {
    const tables = parse(repoFile('infra/tables.yml')) as {
      Resources: {
        ApiKeysTable: { Properties: { GlobalSecondaryIndexes: Array<Record<string, unknown>> } };
      };
    };
    const indexNames = tables.Resources.ApiKeysTable.Properties.GlobalSecondaryIndexes.map(
      (entry) => {
        const choice = entry['Fn::If'] as [string, { IndexName: string }, unknown] | undefined;
        return choice ? choice[1].IndexName : (entry['IndexName'] as string);
      },
    );
    const reader = roles[service.functions['getApiKeys']?.role ?? ''];
    const queried = (reader?.Properties.Policies ?? [])
      .flatMap((policy) => policy.PolicyDocument.Statement)
      .filter((statement) => statement.Action.includes('dynamodb:Query'))
      .flatMap((statement) => statement.Resource ?? [])
      .map((resource) => JSON.stringify(resource).match(/"index\/([^"]*)"/)?.[1])
      .filter((name) => name !== undefined);

    expect(indexNames.length).toBeGreaterThan(1);
    expect([...queried].sort()).toEqual([...indexNames].sort());
  });

  it('gives the example backend no table access at all', () => {
    expect(otherStatements(service.functions['example']?.role ?? '')).toEqual([]);
  });
});

const { throttlingPatchOperations } = createRequire(import.meta.url)(
  '../../../infra/plugins/stage-throttling.cjs',
) as {
  throttlingPatchOperations: (config: unknown) => { op: string; path: string; value: string }[];
};

describe('stage throttling (infra/plugins/stage-throttling.cjs)', () => {
  it('sets the stage limit and escapes route paths as API Gateway method-setting keys', () => {
    const operations = throttlingPatchOperations({
      rateLimit: 200,
      burstLimit: '400',
      methods: [
        { path: '/_security/api_key/grant', method: 'POST', rateLimit: 50, burstLimit: 100 },
      ],
    });

    expect(operations).toEqual([
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '200' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '400' },
      {
        op: 'replace',
        path: '/~1_security~1api_key~1grant/POST/throttling/rateLimit',
        value: '50',
      },
      {
        op: 'replace',
        path: '/~1_security~1api_key~1grant/POST/throttling/burstLimit',
        value: '100',
      },
    ]);
  });

  it('refuses a limit that is not a positive number, so a bad --param fails the package step', () => {
    expect(() => throttlingPatchOperations({ rateLimit: 'lots', burstLimit: 1 })).toThrow(
      /rateLimit/,
    );
    expect(() =>
      throttlingPatchOperations({
        rateLimit: 1,
        burstLimit: 1,
        methods: [{ path: 'no-slash', method: 'GET', rateLimit: 1, burstLimit: 1 }],
      }),
    ).toThrow(/must start with \//);
  });

  it('throttles each slow-hash route declared in serverless.yml', () => {
    const custom = (
      parse(repoFile('serverless.yml')) as {
        custom: { stageThrottling: { methods: { path: string; method: string }[] } };
      }
    ).custom;

    const routes = custom.stageThrottling.methods.map((entry) => `${entry.method} ${entry.path}`);

    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /_security/api_key',
        'PUT /_security/api_key',
        'POST /_security/api_key/grant',
        'PUT /_security/api_key/grant',
      ]),
    );
  });
});

/** `apigateway:<METHOD> <path>` for each API Gateway resource a role's statements allow. */
function gatewayGrants(roleName: string): string[] {
  return (roles[roleName]?.Properties.Policies ?? []).flatMap((policy) =>
    policy.PolicyDocument.Statement.flatMap((statement) =>
      statement.Action.filter((action) => action.startsWith('apigateway:')).flatMap((action) =>
        ((statement.Resource ?? []) as unknown[]).map((resource) => {
          const path = /"::(\/[^"]*)"/.exec(JSON.stringify(resource))?.[1];
          return `${action} ${path}`;
        }),
      ),
    ),
  );
}

describe('usage plans on API Gateway (infra/iam.yml, serverless.yml)', () => {
  it('lets the key writers manage exactly the gateway keys of usage plans, and flush the cache', () => {
    expect(gatewayGrants(service.functions['createApiKey']?.role ?? '').sort()).toEqual([
      'apigateway:DELETE /apikeys/*',
      'apigateway:DELETE /restapis/*/stages/*/cache/authorizers',
      'apigateway:DELETE /usageplans/*/keys/*',
      'apigateway:GET /apikeys',
      'apigateway:GET /usageplans',
      'apigateway:POST /apikeys',
      'apigateway:POST /usageplans/*/keys',
    ]);
  });

  it('lets the usage endpoint only read: credentials, and API Gateway`s plans, keys and usage', () => {
    const role = service.functions['apiKeyUsage']?.role ?? '';

    expect(role).toBe('ApiKeyUsageRole');
    expect(
      otherStatements(role)
        .flatMap((statement) => statement.Action)
        .filter((action) => !READ_ACTIONS.has(action)),
    ).toEqual(['apigateway:GET']);
    expect(gatewayGrants(role).sort()).toEqual([
      'apigateway:GET /apikeys',
      'apigateway:GET /usageplans',
      'apigateway:GET /usageplans/*/usage',
    ]);
  });

  it('lets the sweep list and delete gateway keys and batch-read keys, nothing more', () => {
    const role = service.functions['usagePlanSweeper']?.role ?? '';

    expect(role).toBe('UsagePlanSweeperRole');
    expect(statementsOf(role).some(isStatement(RECORD_LAST_USED))).toBe(false);
    expect(
      otherStatements(role)
        .flatMap((statement) => statement.Action)
        .sort(),
    ).toEqual(['apigateway:DELETE', 'apigateway:GET', 'dynamodb:BatchGetItem']);
    expect(gatewayGrants(role).sort()).toEqual([
      'apigateway:DELETE /apikeys/*',
      'apigateway:GET /apikeys',
    ]);
  });

  it('gives no other function any API Gateway action', () => {
    const writers = new Set(['ApiKeyWriterRole', 'ApiKeyUsageRole', 'UsagePlanSweeperRole']);
    for (const [name, fn] of Object.entries(service.functions)) {
      if (!writers.has(fn.role ?? '')) {
        expect(gatewayGrants(fn.role ?? ''), name).toEqual([]);
      }
    }
  });

  it('takes the metering API key only from the authorizer', () => {
    expect(service.provider['apiGateway']).toMatchObject({ apiKeySourceType: 'AUTHORIZER' });
  });
});

const usagePlans = createRequire(import.meta.url)('../../../infra/usage-plans.cjs') as {
  serverlessUsagePlan: (plans: unknown) => unknown[];
  environment: (plans: unknown, service: string, stage: string) => string;
};

describe('usage plans (infra/usage-plans.cjs)', () => {
  const declared = (
    parse(repoFile('serverless.yml')) as { custom: { usagePlans: Record<string, unknown> } }
  ).custom.usagePlans;

  it('compiles custom.usagePlans into serverless`s usage plans and the functions` USAGE_PLANS', () => {
    const plans = {
      basic: { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 9, period: 'day' } },
    };

    expect(usagePlans.serverlessUsagePlan(plans)).toEqual([
      {
        basic: { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 9, period: 'DAY' } },
      },
    ]);
    expect(JSON.parse(usagePlans.environment(plans, 'svc', 'prod'))).toEqual({
      basic: {
        gatewayName: 'svc-basic-prod',
        rateLimit: 10,
        burstLimit: 20,
        quotaLimit: 9,
        quotaPeriod: 'DAY',
      },
    });
    expect(usagePlans.serverlessUsagePlan(undefined)).toEqual([]);
    expect(usagePlans.serverlessUsagePlan(declared).length).toBeGreaterThan(0);
  });

  it('refuses a plan without a positive throttle and a quota period, so `package` fails early', () => {
    expect(() =>
      usagePlans.serverlessUsagePlan({ a: { throttle: { rateLimit: 1, burstLimit: 1 } } }),
    ).toThrow('usagePlans: a.quota.period must be DAY, WEEK or MONTH');
    expect(() =>
      usagePlans.serverlessUsagePlan({
        a: { throttle: { rateLimit: 0, burstLimit: 1 }, quota: { limit: 1, period: 'WEEK' } },
      }),
    ).toThrow('usagePlans: a.throttle.rateLimit must be a positive number, got 0');
  });
});

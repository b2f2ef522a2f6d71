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

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Statement {
  Effect: string;
  Action: string[];
  Resource?: unknown[];
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

function actionsOf(roleName: string): string[] {
  const role = roles[roleName];
  if (role === undefined) {
    throw new Error(`no role ${roleName} in infra/iam.yml`);
  }
  return (role.Properties.Policies ?? []).flatMap((policy) =>
    policy.PolicyDocument.Statement.flatMap((statement) => statement.Action),
  );
}

const READ_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'ssm:GetParameter']);

describe('least privilege (infra/iam.yml)', () => {
  it('gives every function a role of its own kind, none the shared provider role', () => {
    expect(service.provider['iam']).toBeUndefined();
    for (const [name, fn] of Object.entries(service.functions)) {
      expect(fn.role, name).toBeDefined();
      expect(roles[fn.role ?? '']?.Type, name).toBe('AWS::IAM::Role');
    }
  });

  it('lets the authorizer and authenticate only read credentials', () => {
    for (const name of [
      'authorizer',
      'authenticate',
      'hasPrivileges',
      'clearApiKeyCache',
      'noHandler',
    ]) {
      const actions = actionsOf(service.functions[name]?.role ?? '');

      expect(
        actions.filter((action) => !READ_ACTIONS.has(action)),
        name,
      ).toEqual([]);
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
    const adminStatements = (roles[admin]?.Properties.Policies ?? []).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    );
    const keyWrites = adminStatements.filter(
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
    expect(actionsOf(service.functions['example']?.role ?? '')).toEqual([]);
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

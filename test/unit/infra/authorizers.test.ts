import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoFile = (path: string): string =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface HttpApiAuthorizer {
  type?: string;
  functionName?: string;
  payloadVersion?: string;
  enableSimpleResponses?: boolean;
  identitySource?: string[];
  resultTtlInSeconds?: number;
}
interface Service {
  provider: { httpApi?: { authorizers?: Record<string, HttpApiAuthorizer> } };
  custom: {
    exampleEvents: Record<string, Array<Record<string, { authorizer?: { name?: string } }>>>;
  };
  functions: Record<string, { role?: string; handler?: string; events?: unknown }>;
}
interface Output {
  Value: { 'Fn::GetAtt': [string, string] };
  Export: { Name: string };
}

const service = parse(repoFile('serverless.yml')) as Service;
const authorizers = service.provider.httpApi?.authorizers ?? {};
const outputs = (
  parse(repoFile('infra/authorizer-outputs.yml')) as { Outputs: Record<string, Output> }
).Outputs;
const AUTHORIZER_FUNCTIONS = ['authorizer', 'authorizerHttpApi', 'authorizerWebsocket'];

describe('the authorizers in serverless.yml', () => {
  it('keeps the result cache off wherever an HTTP API authorizer answers with simple responses', () => {
    const simple = Object.entries(authorizers).filter(([, a]) => a.enableSimpleResponses === true);

    expect(simple.length).toBeGreaterThan(0);
    for (const [name, authorizer] of simple) {
      // A cached `isAuthorized: true` would answer every route for the same Authorization value.
      expect(authorizer.resultTtlInSeconds, name).toBe(0);
      expect(authorizer.payloadVersion, name).toBe('2.0');
      expect(authorizer.identitySource, name).toEqual(['$request.header.Authorization']);
    }
  });

  it('points every HTTP API authorizer at the HTTP API adapter', () => {
    for (const [name, authorizer] of Object.entries(authorizers)) {
      expect(authorizer.type, name).toBe('request');
      expect(authorizer.functionName, name).toBe('authorizerHttpApi');
    }
  });

  it('runs each adapter as its own function, with the read-only AuthenticateRole', () => {
    for (const name of AUTHORIZER_FUNCTIONS) {
      const fn = service.functions[name];
      const file = `${fn?.handler?.replace(/\.handler$/, '')}.ts`;

      expect(fn?.role, name).toBe('AuthenticateRole');
      expect(existsSync(new URL(`../../../${file}`, import.meta.url)), file).toBe(true);
    }
  });

  it('declares the example HTTP API routes only with the example routes on', () => {
    const httpApiRoutes = (setting: string) =>
      (service.custom.exampleEvents[setting] ?? []).flatMap((event) =>
        event['httpApi'] ? [event['httpApi']] : [],
      );

    expect(httpApiRoutes('false')).toEqual([]);
    expect(httpApiRoutes('true')).toHaveLength(1);
    for (const route of httpApiRoutes('true')) {
      expect(Object.keys(authorizers)).toContain(route.authorizer?.name);
    }
  });

  it('exports each authorizer function ARN under a stage-specific name', () => {
    const exported = Object.values(outputs).map((output) => ({
      resource: output.Value['Fn::GetAtt'],
      name: output.Export.Name,
    }));
    const logicalIds = AUTHORIZER_FUNCTIONS.map(
      (name) => `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`,
    );

    expect(exported.map(({ resource }) => resource)).toEqual(logicalIds.map((id) => [id, 'Arn']));
    for (const { name } of exported) {
      expect(name).toMatch(/^\$\{self:service\}-\$\{sls:stage\}-[a-z-]+-arn$/);
    }
    expect(new Set(exported.map(({ name }) => name)).size).toBe(exported.length);
  });
});

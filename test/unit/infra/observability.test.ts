import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRIC_NAMES } from '../../../functions/core/metrics.js';

const repoFile = (path: string): string =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}

const service = parse(repoFile('serverless.yml')) as {
  provider: { tracing?: unknown; environment: Record<string, string> };
  custom: Record<string, unknown>;
  resources: string[];
};
const observability = parse(repoFile('infra/observability.yml')) as {
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
};
const resources = observability.Resources;
/** A serverless.yml variable reference as written in the YAML, e.g. `${self:custom.x}`. */
const variable = (reference: string): string => `$\{${reference}}`;
const NAMESPACE = variable('self:custom.metricsNamespace');
const TOPIC = variable('self:custom.alarmTopicArn');

function ofType(type: string): Record<string, Resource> {
  return Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type === type));
}

describe('dashboard, alarms and tracing (serverless.yml, infra/observability.yml)', () => {
  it('includes the observability resources and gives every function the metrics namespace', () => {
    expect(service.resources).toContain(variable('file(infra/observability.yml)'));
    expect(service.provider.environment['METRICS_NAMESPACE']).toBe(NAMESPACE);
    expect(service.provider.tracing).toEqual({ lambda: true, apiGateway: true });
  });

  it('alarms on authorizer errors, the 5xx rate and DynamoDB throttles, notifying the optional topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');

    expect(Object.keys(alarms).sort()).toEqual([
      'AuthorizerErrorsAlarm',
      'DynamoDbThrottlesAlarm',
      'Http5xxRateAlarm',
    ]);
    expect(alarms['AuthorizerErrorsAlarm']?.Properties).toMatchObject({
      Namespace: NAMESPACE,
      MetricName: 'AuthorizerError',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarms['Http5xxRateAlarm']?.Properties).toMatchObject({
      Namespace: NAMESPACE,
      MetricName: 'Http5xx',
      Statistic: 'Average',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const throttles = alarms['DynamoDbThrottlesAlarm']?.Properties['Metrics'] as Array<{
      MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown[] } };
    }>;
    const watched = throttles.flatMap((m) =>
      m.MetricStat
        ? [`${m.MetricStat.Metric.MetricName} ${JSON.stringify(m.MetricStat.Metric.Dimensions)}`]
        : [],
    );
    for (const table of ['apiKeys', 'users', 'roles', 'cluster']) {
      for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
        expect(watched).toContain(
          `${metric} ${JSON.stringify([{ Name: 'TableName', Value: variable(`self:custom.tables.${table}`) }])}`,
        );
      }
    }
    expect(observability.Conditions['HasAlarmTopic']).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [TOPIC, ''] }],
    });
    for (const [name, alarm] of Object.entries(alarms)) {
      const actions = {
        'Fn::If': ['HasAlarmTopic', [TOPIC], { Ref: 'AWS::NoValue' }],
      };
      expect(alarm.Properties['AlarmActions'], name).toEqual(actions);
      expect(alarm.Properties['OKActions'], name).toEqual(actions);
    }
  });

  it('charts only metrics the service emits, and every one of them', () => {
    const dashboards = Object.values(ofType('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const dashboard = dashboards[0] as Resource;
    const body = JSON.parse(
      (dashboard.Properties['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub'],
    ) as { widgets: Array<{ properties: { metrics: unknown[][] } }> };

    const charted = new Set<string>();
    for (const widget of body.widgets) {
      // CloudWatch's shorthand: "." repeats the value of the line above.
      let previous: unknown[] = [];
      for (const line of widget.properties.metrics) {
        if (typeof line[0] !== 'string') {
          continue;
        }
        const full = line.map((value, i) => (value === '.' ? previous[i] : value));
        previous = full;
        if (full[0] === NAMESPACE) {
          charted.add(full[1] as string);
        }
      }
    }
    const emitted = new Set<string>(METRIC_NAMES);

    expect([...charted].filter((name) => !emitted.has(name))).toEqual([]);
    expect([...emitted].filter((name) => !charted.has(name))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { metricsNamespace } from '../../../functions/config.js';
import { EmfMetrics } from '../../../functions/http/metrics.js';

function emitter(namespace: { value: string | undefined } = { value: 'es-api-keys/test' }) {
  const lines: string[] = [];
  const metrics = new EmfMetrics(
    () => namespace.value,
    (line) => lines.push(line),
    () => 1_700_000_000_000,
  );
  const documents = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { metrics, lines, documents };
}

describe('EMF metrics (functions/http/metrics.ts)', () => {
  it('writes one EMF document per dimension set, rolled up without dimensions, on flush only', () => {
    const { metrics, lines, documents } = emitter();

    metrics.add('AuthorizerAllow', 'Count', 1);
    metrics.add('StoreLatency', 'Milliseconds', 4.5, { StoreOperation: 'GetItem' });
    metrics.add('StoreLatency', 'Milliseconds', 6, { StoreOperation: 'GetItem' });
    const beforeFlush = lines.length;
    metrics.flush();
    metrics.flush();

    expect(beforeFlush).toBe(0);
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(
      true,
    );
    expect(documents()).toEqual([
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'es-api-keys/test',
              Dimensions: [[]],
              Metrics: [{ Name: 'AuthorizerAllow', Unit: 'Count' }],
            },
          ],
        },
        AuthorizerAllow: 1,
      },
      {
        _aws: {
          Timestamp: 1_700_000_000_000,
          CloudWatchMetrics: [
            {
              Namespace: 'es-api-keys/test',
              Dimensions: [['StoreOperation'], []],
              Metrics: [{ Name: 'StoreLatency', Unit: 'Milliseconds' }],
            },
          ],
        },
        StoreOperation: 'GetItem',
        StoreLatency: [4.5, 6],
      },
    ]);
  });

  it('keeps each value array within CloudWatch`s 100 values per metric', () => {
    const { metrics, documents } = emitter();

    for (let i = 0; i < 250; i += 1) {
      metrics.add('StoreLatency', 'Milliseconds', i, { StoreOperation: 'Query' });
    }
    metrics.flush();

    const sizes = documents().map((doc) => (doc['StoreLatency'] as number[]).length);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('writes nothing, and keeps nothing, without a namespace', () => {
    const namespace: { value: string | undefined } = { value: undefined };
    const { metrics, lines } = emitter(namespace);

    metrics.add('Http5xx', 'Count', 1, { Operation: 'GET /' });
    metrics.flush();
    namespace.value = 'es-api-keys/test';
    metrics.flush();

    expect(lines).toEqual([]);
  });

  it('reads METRICS_NAMESPACE: unset or off is no metrics, a bad name fails naming it', () => {
    expect(metricsNamespace({})).toBeUndefined();
    expect(metricsNamespace({ METRICS_NAMESPACE: 'off' })).toBeUndefined();
    expect(metricsNamespace({ METRICS_NAMESPACE: 'es-api-keys/prod' })).toBe('es-api-keys/prod');
    expect(() => metricsNamespace({ METRICS_NAMESPACE: 'AWS/Lambda' })).toThrow(
      /METRICS_NAMESPACE/,
    );
    expect(() => metricsNamespace({ METRICS_NAMESPACE: 'a"b' })).toThrow(/METRICS_NAMESPACE/);
  });
});

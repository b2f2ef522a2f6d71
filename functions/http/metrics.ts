import { metricsNamespace } from '../config.js';
import type { MetricName, Metrics, MetricUnit } from '../core/metrics.js';

/** CloudWatch's bound on the values of one metric in one EMF document. */
const MAX_VALUES = 100;

interface Group {
  dimensions: Readonly<Record<string, string>>;
  metrics: Map<MetricName, { unit: MetricUnit; values: number[] }>;
}

/**
 * CloudWatch embedded metric format (EMF), written by hand: one JSON document per dimension set,
 * each metric also rolled up without dimensions, buffered until `flush` (once per invocation).
 * Lines go straight to stdout, not through `console`: with Lambda's JSON log format the console
 * wraps each line in its own JSON, which CloudWatch would no longer read as EMF.
 */
export class EmfMetrics implements Metrics {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly namespace: () => string | undefined,
    private readonly write: (line: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  add(
    name: MetricName,
    unit: MetricUnit,
    value: number,
    dimensions: Readonly<Record<string, string>> = {},
  ): void {
    const sorted = Object.fromEntries(
      Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    const key = JSON.stringify(sorted);
    let group = this.groups.get(key);
    if (!group) {
      group = { dimensions: sorted, metrics: new Map() };
      this.groups.set(key, group);
    }
    const metric = group.metrics.get(name) ?? { unit, values: [] };
    metric.values.push(value);
    group.metrics.set(name, metric);
    if (metric.values.length >= MAX_VALUES) {
      this.flush();
    }
  }

  /** Writes what was added since the last flush, and forgets it. */
  flush(): void {
    const groups = [...this.groups.values()];
    this.groups.clear();
    const namespace = this.namespace();
    if (namespace === undefined) {
      return;
    }
    const timestamp = this.clock();
    for (const group of groups) {
      const names = Object.keys(group.dimensions);
      const document: Record<string, unknown> = {
        _aws: {
          Timestamp: timestamp,
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: names.length > 0 ? [names, []] : [[]],
              Metrics: [...group.metrics].map(([name, { unit }]) => ({ Name: name, Unit: unit })),
            },
          ],
        },
        ...group.dimensions,
      };
      for (const [name, { values }] of group.metrics) {
        document[name] = values.length === 1 ? values[0] : values;
      }
      this.write(`${JSON.stringify(document)}\n`);
    }
  }
}

let namespace: { value: string | undefined } | undefined;

/** The instance's metrics: on when METRICS_NAMESPACE names a namespace. */
export const metrics = new EmfMetrics(
  () => {
    if (namespace === undefined) {
      try {
        namespace = { value: metricsNamespace() };
      } catch {
        // The cold start's configuration check names the bad value; metrics stay off.
        namespace = { value: undefined };
      }
    }
    return namespace.value;
  },
  (line) => process.stdout.write(line),
);

/**
 * One REST response, by operation (e.g. `GET /_security/api_key`); ends the invocation. 4xx and
 * 5xx are 0 or 1 per request, so their Average is the error rate.
 */
export function recordResponse(operation: string, status: number): void {
  const dimensions = { Operation: operation };
  metrics.add('Requests', 'Count', 1, dimensions);
  metrics.add('Http4xx', 'Count', status >= 400 && status < 500 ? 1 : 0, dimensions);
  metrics.add('Http5xx', 'Count', status >= 500 ? 1 : 0, dimensions);
  metrics.flush();
}

/** One authorizer decision (a 401 is a deny; an error is the fail-closed deny); ends the invocation. */
export function recordAuthorizerOutcome(outcome: 'allow' | 'deny' | 'error'): void {
  const name =
    outcome === 'allow'
      ? 'AuthorizerAllow'
      : outcome === 'deny'
        ? 'AuthorizerDeny'
        : 'AuthorizerError';
  metrics.add(name, 'Count', 1);
  metrics.flush();
}

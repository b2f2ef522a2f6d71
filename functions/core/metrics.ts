/**
 * The service's metrics, by name. Dimensions are low-cardinality names (an operation), never an
 * id, a user name or anything else a caller chooses.
 */
export const METRIC_NAMES = [
  'AuthorizerAllow',
  'AuthorizerDeny',
  'AuthorizerError',
  // A secret or password checked against its stored hash: the slow path.
  'ColdVerifications',
  // A secret or password found in the verified-credential cache: no hash computed.
  'VerifiedCacheHits',
  'StoreLatency',
  'Requests',
  'Http4xx',
  'Http5xx',
  'LastUsedWrites',
  'LastUsedWriteFailures',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export type MetricUnit = 'Count' | 'Milliseconds';

export interface Metrics {
  add(
    name: MetricName,
    unit: MetricUnit,
    value: number,
    dimensions?: Readonly<Record<string, string>>,
  ): void;
}

export const NO_METRICS: Metrics = { add: () => undefined };

/** Adds one to a counter. */
export function count(
  metrics: Metrics,
  name: MetricName,
  dimensions?: Readonly<Record<string, string>>,
): void {
  metrics.add(name, 'Count', 1, dimensions);
}

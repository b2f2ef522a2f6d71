import type { Clock } from '../clock.js';
import { count, type Metrics, NO_METRICS } from '../metrics.js';
import { type ApiKeyStore, type Logger, SILENT_LOGGER } from '../ports.js';
import type { ApiKeyRecord } from './api-key.js';

export interface LastUsedOptions {
  /** Width of a window, in ms: at most one write per key per window. 0 turns recording off. */
  resolutionMillis: number;
  clock: Clock;
  /** How long an authentication waits for its write before answering anyway. */
  waitMillis?: number;
  logger?: Logger;
  metrics?: Metrics;
}

/** Long enough for one UpdateItem in the same region, short enough not to matter once an hour. */
export const LAST_USED_WAIT_MILLIS = 250;

/** Ids remembered per window; past it the memory starts over (the stored value still guards). */
const MAX_REMEMBERED = 25_000;

/**
 * Records when each key was last used, coarsely: the first successful authentication in a window
 * writes `last_used` with one conditional UpdateItem, unless the record just read (or this
 * instance's memory) shows the window already has one. The decision to let the request in has
 * been made before this runs, and a failed write is logged and counted, never thrown.
 */
export class LastUsedRecorder {
  private window = Number.NaN;
  private readonly written = new Set<string>();

  constructor(
    private readonly store: Pick<ApiKeyStore, 'recordLastUsed'>,
    private readonly options: LastUsedOptions,
  ) {}

  get enabled(): boolean {
    return this.options.resolutionMillis > 0;
  }

  /** Records a use of `key` as just read from the store; resolves once written or waited enough. */
  async record(key: ApiKeyRecord): Promise<void> {
    if (!this.enabled) {
      return;
    }
    const now = this.options.clock();
    const windowStart = now - (now % this.options.resolutionMillis);
    if (windowStart !== this.window) {
      this.window = windowStart;
      this.written.clear();
    }
    if ((key.last_used ?? Number.NEGATIVE_INFINITY) >= windowStart || this.written.has(key.id)) {
      return;
    }
    if (this.written.size >= MAX_REMEMBERED) {
      this.written.clear();
    }
    // Remembered even if the write fails: one attempt per key per window per instance.
    this.written.add(key.id);
    const metrics = this.options.metrics ?? NO_METRICS;
    const write = this.store.recordLastUsed(key.id, now, windowStart).then(
      (written) => {
        if (written) {
          count(metrics, 'LastUsedWrites');
        }
      },
      (error: unknown) => {
        count(metrics, 'LastUsedWriteFailures');
        (this.options.logger ?? SILENT_LOGGER).log('warn', 'last_used not recorded', {
          keyId: key.id,
          errorClass: error instanceof Error ? error.name : typeof error,
        });
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.waitMillis ?? LAST_USED_WAIT_MILLIS);
    });
    try {
      await Promise.race([write, waited]);
    } finally {
      clearTimeout(timer);
    }
  }
}

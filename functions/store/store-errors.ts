import { EsError, illegalArgument, internalError, serviceUnavailable } from '../core/errors.js';
import type { Logger } from '../core/ports.js';

/** An item that does not have the shape this service writes: never used for a decision. */
export class MalformedItemError extends Error {
  constructor(table: string, detail: string) {
    super(`malformed item in [${table}]: ${detail}`);
    this.name = 'MalformedItemError';
  }
}

/** Errors the caller can retry: the store was slow, overloaded or unreachable. */
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'TransactionConflictException',
]);

const UNAVAILABLE =
  'the security store is unavailable or did not answer in time; the request can be retried';

/** Log lines never carry more than this much of a store's message. */
const MESSAGE_LIMIT = 300;

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function isTransient(error: Error): boolean {
  // Socket-level failures (ECONNREFUSED, ECONNRESET, ETIMEDOUT…) carry a Node error code.
  return TRANSIENT_NAMES.has(error.name) || /^E[A-Z]+$/.test(errorCode(error) ?? '');
}

/** DynamoDB's ValidationException for a value it cannot hold, said in the caller's terms. */
function rejectedReason(what: string, message: string): string {
  if (/hash ?key|range ?key|2048/i.test(message)) {
    return `${what} has a name or id too long to store: at most 2048 bytes`;
  }
  if (/item size|size.*exceeded|too large/i.test(message)) {
    return `${what} is too large to store: a document may be at most 400 KB`;
  }
  if (/nest/i.test(message)) {
    return `${what} is nested too deeply to store`;
  }
  return `${what} cannot be stored as given`;
}

/**
 * The one translation of store failures into ES errors: a value DynamoDB refuses is the caller's
 * 400, a slow or unreachable store a 503, anything else a 500 naming no internals. The cause
 * (name and message, never item data) goes to the log.
 */
export function translateStoreError(
  error: unknown,
  context: { logger: Logger; table: string; operation: string; what: string },
): EsError {
  if (error instanceof EsError) {
    return error;
  }
  const cause = error instanceof Error ? error : new Error(String(error));
  const fields = {
    table: context.table,
    operation: context.operation,
    errorName: cause.name,
    errorMessage: cause.message.slice(0, MESSAGE_LIMIT),
    ...(errorCode(cause) === undefined ? {} : { errorCode: errorCode(cause) as string }),
  };
  if (cause.name === 'ValidationException') {
    context.logger.log('warn', 'store rejected a value', fields);
    return illegalArgument(rejectedReason(context.what, cause.message));
  }
  if (isTransient(cause)) {
    context.logger.log('error', 'store unavailable', fields);
    return serviceUnavailable(UNAVAILABLE);
  }
  context.logger.log('error', 'store failed', fields);
  return internalError();
}

/** Runs store calls with one failure translation, for each store's table. */
export class StoreBoundary {
  constructor(
    private readonly logger: Logger,
    readonly table: string,
    private readonly what: string,
  ) {}

  async run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.failure(operation, error);
    }
  }

  failure(operation: string, error: unknown): EsError {
    return translateStoreError(error, {
      logger: this.logger,
      table: this.table,
      operation,
      what: this.what,
    });
  }

  /** The items of a paginated read, each page's failure translated. */
  async *pages<T>(operation: string, source: AsyncIterable<T>): AsyncIterable<T> {
    const iterator = source[Symbol.asyncIterator]();
    while (true) {
      const next = await this.run(operation, () => iterator.next());
      if (next.done) {
        return;
      }
      yield next.value;
    }
  }

  malformed(detail: string): MalformedItemError {
    return new MalformedItemError(this.table, detail);
  }
}

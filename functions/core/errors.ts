/** The Elasticsearch exception types this service emits. */
export type EsErrorType =
  | 'security_exception'
  | 'illegal_argument_exception'
  | 'action_request_validation_exception'
  | 'parse_exception'
  | 'parsing_exception'
  | 'x_content_parse_exception'
  | 'x_content_e_o_f_exception'
  | 'validation_exception'
  | 'resource_not_found_exception'
  | 'version_conflict_engine_exception'
  | 'status_exception'
  | 'media_type_header_exception'
  | 'search_phase_execution_exception'
  | 'exception';

export interface ErrorCause {
  type: string;
  reason: string;
  caused_by?: ErrorCause;
  [extra: string]: unknown;
}

export interface EsErrorOptions {
  /** Response headers, e.g. WWW-Authenticate on 401; also echoed in the body's `header`, as ES does. */
  headers?: Record<string, string[]>;
  /** Extra top-level metadata fields of the cause, e.g. `additional_unsuccessful_credentials`. */
  metadata?: Record<string, string>;
  causedBy?: ErrorCause;
  /** ES's bare `{"error":"<reason>","status":N}` body, for refusals made before dispatch. */
  simple?: boolean;
}

/** An error that serialises itself as Elasticsearch's error body. */
export class EsError extends Error {
  readonly status: number;
  readonly type: EsErrorType;
  readonly headers: Record<string, string[]>;
  readonly metadata: Record<string, string>;
  readonly causedBy: ErrorCause | undefined;
  readonly simple: boolean;

  constructor(status: number, type: EsErrorType, reason: string, options: EsErrorOptions = {}) {
    super(reason);
    this.name = 'EsError';
    this.status = status;
    this.type = type;
    this.headers = options.headers ?? {};
    this.metadata = options.metadata ?? {};
    this.causedBy = options.causedBy;
    this.simple = options.simple ?? false;
  }

  /** The response body: the full envelope, or the bare form of a simple error. */
  responseBody(): unknown {
    return this.simple ? { error: this.message, status: this.status } : this.toJSON();
  }

  get reason(): string {
    return this.message;
  }

  toCause(): ErrorCause {
    const cause: ErrorCause = { type: this.type, reason: this.message, ...this.metadata };
    if (this.causedBy) {
      cause.caused_by = this.causedBy;
    }
    if (Object.keys(this.headers).length > 0) {
      cause['header'] = this.headers;
    }
    return cause;
  }

  toJSON(): { error: ErrorCause & { root_cause: ErrorCause[] }; status: number } {
    const cause = this.toCause();
    const { caused_by: _ignored, ...self } = cause;
    return { error: { root_cause: [this.rootCause(self)], ...cause }, status: this.status };
  }

  /**
   * ES reports the deepest Elasticsearch exception as the root cause; x-content parse errors are
   * not Elasticsearch exceptions, so they are their own root cause.
   */
  private rootCause(self: ErrorCause): ErrorCause {
    if (!this.causedBy || this.type.startsWith('x_content_')) {
      return self;
    }
    let deepest = this.causedBy;
    while (deepest.caused_by) {
      deepest = deepest.caused_by;
    }
    const { caused_by: _ignored, ...root } = deepest;
    return root;
  }
}

/** ES sends these three challenges on every 401. */
export const WWW_AUTHENTICATE_CHALLENGES = [
  'Basic realm="security", charset="UTF-8"',
  'Bearer realm="security"',
  'ApiKey',
];

export function authenticationFailed(reason: string, metadata?: Record<string, string>): EsError {
  return new EsError(401, 'security_exception', reason, {
    headers: { 'WWW-Authenticate': WWW_AUTHENTICATE_CHALLENGES },
    ...(metadata ? { metadata } : {}),
  });
}

export function forbidden(reason: string, causedBy?: ErrorCause): EsError {
  return new EsError(403, 'security_exception', reason, causedBy ? { causedBy } : {});
}

export function illegalArgument(reason: string): EsError {
  return new EsError(400, 'illegal_argument_exception', reason);
}

export function parseException(reason: string): EsError {
  return new EsError(400, 'parse_exception', reason);
}

export function xContentParseException(reason: string, causedBy?: ErrorCause): EsError {
  return new EsError(400, 'x_content_parse_exception', reason, causedBy ? { causedBy } : {});
}

/** Jackson's location suffix, as current ES (source redaction on) prints it. */
function jacksonSource(line: number, column: number): string {
  return `\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${line}, column: ${column}]`;
}

/** Malformed JSON: ES wraps Jackson's error in a 400 x_content_parse_exception. */
export function malformedJson(line: number, column: number, message: string): EsError {
  const jackson = `${message}${jacksonSource(line, column)}`;
  return xContentParseException(`[${line}:${column}] ${jackson}`, {
    type: 'json_parse_exception',
    reason: jackson,
  });
}

/** Truncated JSON: ES answers 400 x_content_e_o_f_exception. */
export function truncatedJson(line: number, column: number, message: string): EsError {
  return new EsError(
    400,
    'x_content_e_o_f_exception',
    `[${line}:${column}] Unexpected end of file`,
    {
      causedBy: {
        type: 'json_e_o_f_exception',
        reason: `${message}${jacksonSource(line, column)}`,
      },
    },
  );
}

/** ES joins several validation failures into one reason: `Validation Failed: 1: a;2: b;`. */
export function validationFailed(messages: readonly string[]): EsError {
  const reason = `Validation Failed: ${messages.map((m, i) => `${i + 1}: ${m};`).join('')}`;
  return new EsError(400, 'action_request_validation_exception', reason);
}

export function resourceNotFound(reason: string): EsError {
  return new EsError(404, 'resource_not_found_exception', reason);
}

export function versionConflict(reason: string): EsError {
  return new EsError(409, 'version_conflict_engine_exception', reason);
}

// Refusals of hostile or oversized input at the HTTP edge (issue #9).

/** The request body limit, in bytes (ES's `http.max_content_length` is 100 MB; API Gateway's 10 MB). */
export function contentTooLarge(bytes: number, limit: number): EsError {
  return new EsError(
    413,
    'status_exception',
    `request body is too large: [${bytes}] bytes, the limit is [${limit}] bytes`,
  );
}

/** RestController's answer to a body whose media type ES cannot read, or that has none. */
export function unsupportedContentType(values: readonly string[]): EsError {
  const reason =
    values.length === 0
      ? 'Content-Type header is missing'
      : `Content-Type header [${values.join(',')}] is not supported`;
  return new EsError(406, 'status_exception', reason, { simple: true });
}

/** RestCompatibleVersionHelper's refusal of a `compatible-with` version it cannot serve. */
export function incompatibleContentType(reason: string): EsError {
  return new EsError(
    400,
    'media_type_header_exception',
    'Invalid media-type value on headers [Content-Type]',
    { causedBy: { type: 'status_exception', reason } },
  );
}

/** RestController.copyRestHeaders: one header that must have one value came with several. */
export function multipleHeaderValues(name: string): EsError {
  return new EsError(
    400,
    'illegal_argument_exception',
    `multiple values for single-valued header [${name}].`,
    {
      simple: true,
    },
  );
}

/**
 * A Jackson StreamReadConstraints limit (nesting depth, number or name length): ES wraps it in a
 * 400 x_content_parse_exception with no location, as Jackson reports none.
 */
export function streamConstraintViolated(message: string): EsError {
  return xContentParseException(message, {
    type: 'stream_constraints_exception',
    reason: message,
  });
}

/** The store did not answer in time or refused for load: the caller may retry (ES: 503). */
export function serviceUnavailable(reason: string): EsError {
  return new EsError(503, 'status_exception', reason);
}

/** A failure whose details stay in the logs: the caller learns only that it was ours. */
export function internalError(): EsError {
  return new EsError(500, 'exception', 'An internal error occurred while processing the request');
}

/**
 * `search.max_buckets` exceeded: the shard's too_many_buckets_exception (400 since ES 8), which
 * the search reports as every shard failing.
 */
export function tooManyBuckets(maxBuckets: number, reason: string): EsError {
  return new EsError(400, 'search_phase_execution_exception', 'all shards failed', {
    metadata: { phase: 'query' },
    causedBy: { type: 'too_many_buckets_exception', reason, max_buckets: maxBuckets },
  });
}

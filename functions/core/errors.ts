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
}

/** An error that serialises itself as Elasticsearch's error body. */
export class EsError extends Error {
  readonly status: number;
  readonly type: EsErrorType;
  readonly headers: Record<string, string[]>;
  readonly metadata: Record<string, string>;
  readonly causedBy: ErrorCause | undefined;

  constructor(status: number, type: EsErrorType, reason: string, options: EsErrorOptions = {}) {
    super(reason);
    this.name = 'EsError';
    this.status = status;
    this.type = type;
    this.headers = options.headers ?? {};
    this.metadata = options.metadata ?? {};
    this.causedBy = options.causedBy;
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

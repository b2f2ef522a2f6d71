import { lambdaJsonLogFormat } from '../config.js';
import type { Logger, LogLevel } from '../core/ports.js';
import { currentRequest } from '../core/request-scope.js';

/**
 * Under Lambda's JSON log format (`AWS_LAMBDA_LOG_FORMAT=JSON`) the runtime wraps each
 * `console.*` call in its own JSON object (timestamp, level, requestId) with the argument as
 * `message`: given an object, `message` stays an object. Elsewhere (serverless offline, tests)
 * the line itself is the JSON text.
 */
const LAMBDA_JSON = lambdaJsonLogFormat();

const WRITE: Record<LogLevel, (line: unknown) => void> = {
  info: (line) => console.info(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/**
 * The service's one logger: a JSON line per call on the function's output, with the current
 * request's ids (the Lambda invocation's `requestId`, API Gateway's `apiRequestId`). Callers pass
 * only what is safe to keep: identifiers, counts, an error's name; never an event, a header, a
 * body, a secret, a hash or an error's attached data.
 */
export const logger: Logger = {
  log(level, message, fields = {}) {
    const request = currentRequest();
    const line = {
      level,
      message,
      ...(request?.requestId === undefined ? {} : { requestId: request.requestId }),
      ...(request?.apiRequestId === undefined ? {} : { apiRequestId: request.apiRequestId }),
      ...fields,
    };
    WRITE[level](LAMBDA_JSON ? line : JSON.stringify(line));
  },
};

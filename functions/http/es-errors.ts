import type { APIGatewayProxyResult } from 'aws-lambda';
import { EsError } from '../core/errors.js';
import { esResponse } from './es-response.js';
import { logEvent } from './log.js';

/**
 * Turns any failure into ES's error JSON. Logs only the request id, status, type and error class:
 * errors may carry request data, and request data carries credentials.
 */
export function errorResponse(
  error: unknown,
  context: { requestId: string; pretty: boolean },
): APIGatewayProxyResult {
  const esError =
    error instanceof EsError
      ? error
      : new EsError(500, 'exception', 'An internal error occurred while processing the request');
  logEvent(esError.status >= 500 ? 'error' : 'info', 'request failed', {
    requestId: context.requestId,
    status: esError.status,
    type: esError.type,
    ...(error instanceof EsError
      ? {}
      : { errorClass: error instanceof Error ? error.name : typeof error }),
  });
  return esResponse(esError.status, esError.responseBody(), {
    pretty: context.pretty,
    headers: esError.headers,
  });
}

import type { APIGatewayProxyResult } from 'aws-lambda';
import { EsError } from '../core/errors.js';
import { esResponse } from './es-response.js';
import { logger } from './log.js';

/**
 * Turns any failure into ES's error JSON. Logs only the status, type and error class (the logger
 * adds the request's ids): errors may carry request data, and request data carries credentials.
 */
export function errorResponse(error: unknown, context: { pretty: boolean }): APIGatewayProxyResult {
  const esError =
    error instanceof EsError
      ? error
      : new EsError(500, 'exception', 'An internal error occurred while processing the request');
  logger.log(esError.status >= 500 ? 'error' : 'info', 'request failed', {
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

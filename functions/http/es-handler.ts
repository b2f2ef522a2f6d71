import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { currentAudit } from '../core/audit/request-audit.js';
import { type Deadline, deadlineFrom } from '../core/deadline.js';
import {
  authenticationFailed,
  type EsError,
  illegalArgument,
  multipleHeaderValues,
  serviceUnavailable,
} from '../core/errors.js';
import { withinRequest } from '../core/request-scope.js';
import type { Authentication } from '../core/security/authentication.js';
import type { Authenticator } from '../core/security/authenticator.js';
import { parseAuthorization } from './credentials.js';
import { errorResponse } from './es-errors.js';
import { esResponse } from './es-response.js';
import { headerValues, singleHeaderValue } from './headers.js';
import { type LocatedJson, parseJsonWithLocations } from './json-with-locations.js';
import { recordResponse } from './metrics.js';
import { bodyText, checkBodySize, checkContentType, rawBody } from './request-body.js';
import { instanceAuditTrail, queryString, requestScope } from './request-context.js';

export interface EsRequest {
  method: string;
  path: string;
  /** Path and query string, as ES quotes it in 401 messages. */
  uri: string;
  pathParameters: Record<string, string>;
  query: QueryParams;
  /** The parsed JSON body, or undefined when there is none. */
  body: LocatedJson | undefined;
  authentication: Authentication;
  /** The invocation's remaining time, for work that must stop before the function is killed. */
  deadline: Deadline;
}

export interface EsResult {
  status?: number;
  body: unknown;
}

/** Parameters every ES endpoint accepts. */
const COMMON_PARAMS = ['pretty', 'human', 'error_trace', 'filter_path'];

export class QueryParams {
  constructor(private readonly values: Record<string, string>) {}

  string(name: string): string | undefined {
    return this.values[name];
  }

  /** ES booleans: `true`, `false`, or an empty value meaning true. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.values[name];
    if (value === undefined) {
      return fallback;
    }
    if (value === '' || value === 'true') {
      return true;
    }
    if (value === 'false') {
      return false;
    }
    throw illegalArgument(`Failed to parse value [${value}] only [true] or [false] are allowed.`);
  }

  rejectUnknown(path: string, accepted: readonly string[]): void {
    const unknown = Object.keys(this.values).filter(
      (name) => !accepted.includes(name) && !COMMON_PARAMS.includes(name),
    );
    if (unknown.length === 1) {
      throw illegalArgument(`request [${path}] contains unrecognized parameter: [${unknown[0]}]`);
    }
    if (unknown.length > 1) {
      throw illegalArgument(
        `request [${path}] contains unrecognized parameters: ${unknown.map((p) => `[${p}]`).join(', ')}`,
      );
    }
  }
}

export interface EsHandlerOptions {
  /** Query parameters the operation accepts besides the common ones. */
  params?: readonly string[];
}

/** The request's Authorization header; several distinct values are ES's 400, before authentication. */
function authorizationHeader(event: APIGatewayProxyEvent): string | undefined {
  const authorization = singleHeaderValue(
    headerValues(event.headers, event.multiValueHeaders, 'authorization'),
  );
  if (authorization.kind === 'several') {
    throw multipleHeaderValues('Authorization');
  }
  return authorization.kind === 'one' ? authorization.value : undefined;
}

/**
 * Whether the client sent a body that the event does not carry: a gateway that drops GET bodies
 * would otherwise turn a filtered query into one over every key.
 */
function bodyDropped(event: APIGatewayProxyEvent): boolean {
  if (event.body !== null && event.body !== undefined) {
    return false;
  }
  const length = Number(event.headers['content-length'] ?? 0);
  const chunked =
    event.headers['transfer-encoding'] !== undefined &&
    ['GET', 'HEAD', 'DELETE'].includes(event.httpMethod);
  return length > 0 || chunked;
}

/**
 * The one place an ES endpoint is assembled: normalise headers, authenticate the caller, parse
 * the body, run the operation, and answer with ES's JSON (errors included). As in ES, a repeated
 * Authorization header, an oversized body and an unreadable Content-Type are refused before
 * authentication; then authentication comes first: an unauthenticated caller learns nothing
 * about the request's validity.
 */
export function esHandler(
  authenticator: () => Authenticator,
  run: (request: EsRequest) => Promise<EsResult>,
  options: EsHandlerOptions = {},
) {
  const answer = async (
    event: APIGatewayProxyEvent,
    context: Context,
  ): Promise<APIGatewayProxyResult> => {
    const query = new QueryParams(
      Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
    );
    let pretty = false;
    try {
      pretty = query.boolean('pretty', false);
    } catch {
      pretty = false;
    }
    try {
      const uri = `${event.path}${queryString(event)}`;
      const raw = rawBody(event.body, event.isBase64Encoded === true);
      if (raw !== undefined) {
        checkBodySize(raw);
      }
      const authorization = authorizationHeader(event);
      if (raw !== undefined) {
        checkContentType(headerValues(event.headers, event.multiValueHeaders, 'content-type'));
      }
      const parsed = parseAuthorization(authorization);
      if (parsed.kind === 'none') {
        currentAudit()?.anonymousAccessDenied();
        throw authenticationFailed(`missing authentication credentials for REST request [${uri}]`);
      }
      if (parsed.kind === 'invalid') {
        currentAudit()?.authenticationFailed(undefined);
        throw parsed.scheme === 'apikey'
          ? authenticationFailed(
              'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
              { additional_unsuccessful_credentials: `API key: ${parsed.message}` },
            )
          : authenticationFailed(parsed.message);
      }
      const authentication = await authenticator().authenticate(parsed.credentials, uri);
      query.rejectUnknown(event.path, options.params ?? []);
      const decoded = raw === undefined ? undefined : bodyText(raw);
      const text = decoded === undefined || decoded.trim() === '' ? undefined : decoded;
      if (bodyDropped(event)) {
        throw illegalArgument(
          `the request body did not reach the service (API Gateway and serverless offline drop the body of a ${event.httpMethod}): send it with POST`,
        );
      }
      const result = await run({
        method: event.httpMethod,
        path: event.path,
        uri,
        pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
        query,
        body: text === undefined ? undefined : parseJsonWithLocations(text),
        authentication,
        deadline: deadlineFrom(context),
      });
      return esResponse(result.status ?? 200, result.body, { pretty });
    } catch (error) {
      return errorResponse(error, { pretty });
    }
  };
  const main = (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> =>
    withinRequest(requestScope(event, context.awsRequestId, instanceAuditTrail()), async () => {
      const response = await withinDeadline(
        answer(event, context),
        deadlineFrom(context),
        (error) => errorResponse(error, { pretty: false }),
      );
      // The resource template, not the path: a path holds ids, a metric dimension must not.
      recordResponse(`${event.httpMethod} ${event.resource ?? 'unknown'}`, response.statusCode);
      return response;
    });
  // middy's own early timeout throws past every handler, which API Gateway turns into an empty 502.
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>({ timeoutEarlyInMillis: 0 })
    .use(httpHeaderNormalizer())
    .handler(main);
}

/** Time kept back from the Lambda timeout to send an answer when the work has not finished. */
const ANSWER_MARGIN_MILLIS = 300;

/**
 * The work's answer, or an ES-shaped 503 just before the function would be killed: a caller gets
 * a response it can act on instead of the gateway's empty 502.
 */
export async function withinDeadline<T>(
  work: Promise<T>,
  deadline: Deadline,
  late: (error: EsError) => T,
): Promise<T> {
  const remaining = deadline.remainingMillis();
  if (!Number.isFinite(remaining)) {
    return work;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(
      () => resolve(late(serviceUnavailable('the request did not complete in time'))),
      Math.max(0, remaining - ANSWER_MARGIN_MILLIS),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

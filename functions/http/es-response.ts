import type { APIGatewayProxyResult } from 'aws-lambda';

/** Compact JSON that also writes a bigint as a number: ES's long sort values exceed 2^53. */
export function compactJson(value: unknown): string {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => compactJson(item === undefined ? null : item)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return compactJson((value as { toJSON: () => unknown }).toJSON());
    }
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${compactJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Jackson's pretty printer, as ES's `?pretty`: two-space indent and `"key" : value`. */
export function prettyJson(value: unknown, indent = ''): string {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '[ ]';
    }
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + prettyJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) {
      return '{ }';
    }
    const inner = `${indent}  `;
    const lines = entries.map(
      ([key, item]) => `${inner}${JSON.stringify(key)} : ${prettyJson(item, inner)}`,
    );
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ResponseOptions {
  pretty: boolean;
  headers?: Record<string, string[]>;
}

/** An ES JSON response: the content type and product header the official clients insist on. */
export function esResponse(
  status: number,
  body: unknown,
  options: ResponseOptions,
): APIGatewayProxyResult {
  const multiValueHeaders: Record<string, string[]> = { ...options.headers };
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/json',
      'x-elastic-product': 'Elasticsearch',
    },
    ...(Object.keys(multiValueHeaders).length > 0 ? { multiValueHeaders } : {}),
    body: options.pretty ? `${prettyJson(body)}\n` : compactJson(body),
  };
}

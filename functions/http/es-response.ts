import type { APIGatewayProxyResult } from 'aws-lambda';
import { JsonNumberText } from '../core/json-number.js';
import { compactJson } from '../core/json-text.js';

/** Jackson's pretty printer, as ES's `?pretty`: two-space indent and `"key" : value`. */
export function prettyJson(value: unknown, indent = ''): string {
  if (typeof value === 'bigint' || value instanceof JsonNumberText) {
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

type HeaderMap = Record<string, string | undefined> | null | undefined;
type MultiValueHeaderMap = Record<string, string[] | undefined> | null | undefined;

/**
 * Every value of a header, whatever the case of its name. API Gateway and serverless-offline put
 * each repeated header's values in `multiValueHeaders` and only the last one in `headers`.
 */
export function headerValues(
  headers: HeaderMap,
  multiValueHeaders: MultiValueHeaderMap,
  name: string,
): string[] {
  const wanted = name.toLowerCase();
  const multi = Object.entries(multiValueHeaders ?? {})
    .filter(([key]) => key.toLowerCase() === wanted)
    .flatMap(([, values]) => values ?? []);
  if (multi.length > 0) {
    return multi;
  }
  return Object.entries(headers ?? {}).flatMap(([key, value]) =>
    key.toLowerCase() === wanted && value !== undefined ? [value] : [],
  );
}

/** The header's one value; several distinct values are refused, as ES refuses them. */
export function singleHeaderValue(
  values: readonly string[],
): { kind: 'none' } | { kind: 'one'; value: string } | { kind: 'several' } {
  const distinct = [...new Set(values)];
  if (distinct.length > 1) {
    return { kind: 'several' };
  }
  const [value] = distinct;
  return value === undefined ? { kind: 'none' } : { kind: 'one', value };
}

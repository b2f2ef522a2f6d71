import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeyAuth } from '../support/events.js';
import { ADAPTERS } from './authorizer-adapters.js';

describe('authorizers whose configuration is invalid', () => {
  beforeAll(() => {
    process.env['AUTHORIZER_RESOURCE'] = 'paths';
  });

  const encoded = Buffer.from('AAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB').toString('base64');

  it.each(ADAPTERS)(
    '$name fails closed with a Deny, with or without credentials',
    async (adapter) => {
      expect(await adapter.probe(apiKeyAuth(encoded))).toEqual({ effect: 'deny' });
      expect(await adapter.probe({})).toEqual({ effect: 'deny' });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/config.js';

describe('loadConfig: the API key lifetime policy', () => {
  it('is off by default', () => {
    expect(loadConfig({}).apiKeyLifetime).toEqual({});
  });

  it('reads API_KEY_MAX_EXPIRATION and API_KEY_DEFAULT_EXPIRATION as ES durations, keeping their text', () => {
    const config = loadConfig({ API_KEY_MAX_EXPIRATION: '90d', API_KEY_DEFAULT_EXPIRATION: '30d' });

    expect(config.apiKeyLifetime).toEqual({
      max: { millis: 90 * 86_400_000, text: '90d' },
      default: { millis: 30 * 86_400_000, text: '30d' },
    });
  });

  it('accepts a default without a maximum, and a maximum without a default', () => {
    expect(loadConfig({ API_KEY_DEFAULT_EXPIRATION: '1h' }).apiKeyLifetime).toEqual({
      default: { millis: 3_600_000, text: '1h' },
    });
    expect(loadConfig({ API_KEY_MAX_EXPIRATION: '1h' }).apiKeyLifetime).toEqual({
      max: { millis: 3_600_000, text: '1h' },
    });
  });

  it('refuses a default longer than the maximum at load, naming both', () => {
    const action = () =>
      loadConfig({ API_KEY_MAX_EXPIRATION: '30d', API_KEY_DEFAULT_EXPIRATION: '31d' });

    expect(action).toThrow(
      'invalid API_KEY_DEFAULT_EXPIRATION [31d]: expected a duration no longer than API_KEY_MAX_EXPIRATION [30d]',
    );
  });

  it.each([
    ['API_KEY_MAX_EXPIRATION', '0'],
    ['API_KEY_MAX_EXPIRATION', '-1'],
    ['API_KEY_MAX_EXPIRATION', '500ms'],
    ['API_KEY_DEFAULT_EXPIRATION', 'soon'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      `invalid ${name} [${value}]: expected a duration of at least 1s, such as 90d or 12h`,
    );
  });
});

import type { ApiKeyStore } from '../../functions/core/ports.js';

/** The real store behind every method: a test overrides only the step it interferes with. */
export class DelegatingStore implements ApiKeyStore {
  constructor(protected readonly inner: ApiKeyStore) {}
  get(...args: Parameters<ApiKeyStore['get']>) {
    return this.inner.get(...args);
  }
  getMany(...args: Parameters<ApiKeyStore['getMany']>) {
    return this.inner.getMany(...args);
  }
  create(...args: Parameters<ApiKeyStore['create']>) {
    return this.inner.create(...args);
  }
  invalidate(...args: Parameters<ApiKeyStore['invalidate']>) {
    return this.inner.invalidate(...args);
  }
  replace(...args: Parameters<ApiKeyStore['replace']>) {
    return this.inner.replace(...args);
  }
  recordLastUsed(...args: Parameters<ApiKeyStore['recordLastUsed']>) {
    return this.inner.recordLastUsed(...args);
  }
  findByOwner(...args: Parameters<ApiKeyStore['findByOwner']>) {
    return this.inner.findByOwner(...args);
  }
  scan() {
    return this.inner.scan();
  }
  lookup(...args: Parameters<ApiKeyStore['lookup']>) {
    return this.inner.lookup(...args);
  }
  byCreation(...args: Parameters<ApiKeyStore['byCreation']>) {
    return this.inner.byCreation(...args);
  }
  count() {
    return this.inner.count();
  }
}

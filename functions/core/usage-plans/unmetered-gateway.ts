import type { UsagePlanGateway } from '../ports.js';

/**
 * The control plane where there is none: no plans declared, or the local stack (no API Gateway).
 * Keys keep their plans in metadata; nothing is created and nothing is metered.
 */
export const UNMETERED_GATEWAY: UsagePlanGateway = {
  attach: async () => undefined,
  detach: async () => undefined,
  keyNames: async () => [],
  usage: async () => undefined,
};

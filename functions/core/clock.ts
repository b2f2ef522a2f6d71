/** Epoch milliseconds. Injected so expiry can be tested by setting the time instead of sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

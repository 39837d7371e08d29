/**
 * A counting semaphore: at most `limit` calls to one Qualys API run at once.
 *
 * Qualys enforces per-user concurrency limits (409/1960 when exceeded) and the engine runs resource
 * operations in parallel, so the provider queues its own calls rather than provoke the limit.
 */
export class Limiter {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  get active(): number {
    return this.running;
  }
}

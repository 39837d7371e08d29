/**
 * What tests use instead of real timers and the event loop (lint forbids setTimeout, setInterval
 * and setImmediate in test files, outside tests/helpers/). Tests wait on what happened — emulator events
 * (`emu.held`, `emu.settled`, `emu.waitFor`), a `Gate` their own server holds calls in, jest fake
 * timers or an injected clock — never on a delay that is hoped to be long enough.
 */
import type { ServerResponse } from "node:http";

/**
 * Calls a test's own fake server keeps open until the test lets them go: the server awaits
 * `enter()` before it answers, and the test waits until `count` calls are held (`held(n)`), looks,
 * then `releaseAll()`. What a delay would only make likely (calls overlapping) is then certain.
 */
export class Gate {
  private readonly waiting: Array<() => void> = [];
  private watchers: Array<{ count: number; resolve: () => void }> = [];
  /** Calls that entered since the gate was made. */
  entered = 0;

  /** For the server: resolves when the test releases this call. */
  enter(): Promise<void> {
    this.entered++;
    const released = new Promise<void>((resolve) => this.waiting.push(resolve));
    const watchers = this.watchers;
    this.watchers = [];
    for (const w of watchers) {
      if (this.waiting.length >= w.count) w.resolve();
      else this.watchers.push(w);
    }
    return released;
  }

  /** Resolves once at least `count` calls are held (at once when they already are). */
  held(count = 1): Promise<void> {
    if (this.waiting.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  /** How many calls are held now. */
  get size(): number {
    return this.waiting.length;
  }

  /** Let every held call go; returns how many there were. */
  releaseAll(): number {
    const held = this.waiting.splice(0);
    for (const release of held) release();
    return held.length;
  }
}

/**
 * One turn of the event loop: lets the promise callbacks already queued run to the end (a chain of
 * `.then`s settling a cache, say). It waits for no time and for no I/O to come; use it only where
 * the code under test has nothing to report.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A sleep on jest's fake clock, for simulations (an engine, an API that takes time) the test steps
 * with `jest.advanceTimersByTimeAsync`: no wall time passes. Throws when the clock is the real one,
 * so it can never turn into a real wait.
 */
export function sleepOnFakeClock(ms: number): Promise<void> {
  if (!("clock" in setTimeout)) throw new Error("sleepOnFakeClock needs jest.useFakeTimers()");
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A fake server's answer that never ends: a status line and headers, then `chunk` every `everyMs`
 * milliseconds until the client closes the connection. A trickle is faster than any idle timeout
 * (headers, body), so only the client's overall deadline can end the request: tests of that
 * deadline need the real clock, and this is the one place that uses it for a server.
 */
export function trickleUntilClosed(res: ServerResponse, contentType: string, chunk: string, everyMs: number): void {
  res.writeHead(200, { "content-type": contentType });
  const t = setInterval(() => res.write(chunk), everyMs);
  res.on("close", () => clearInterval(t));
}

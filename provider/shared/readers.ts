/**
 * The coalescing readers (shared/batch.ts) of a provider process, one per client set and name, and
 * their common invalidation.
 *
 * Why one registry: a write of any type can change what another type reads (a ServiceAccount's setup
 * changes its targets' cloudInfo and parent regions), so every write drops every snapshot of its
 * client set, not only its own type's. The transport reports every write (Transport.onWrite), so no
 * handler has to remember to.
 */
import type { QualysClients } from "../clients";
import { BatchReader, SharedAnswer, type BatchReaderOptions, type SharedAnswerOptions } from "./batch";

const registry = new WeakMap<QualysClients, Map<string, BatchReader<unknown, unknown>>>();

/**
 * The reader `name` of `clients`, made from `options` on first use (later calls' options are not
 * used: one reader per client set and name is the point). The one place a handler's reader is built.
 */
export function readerFor<K, V>(clients: QualysClients, name: string, options: BatchReaderOptions<K, V>): BatchReader<K, V> {
  let named = registry.get(clients);
  if (!named) {
    named = new Map();
    registry.set(clients, named);
    clients.transport.onWrite(() => invalidateReads(clients));
  }
  let reader = named.get(name) as BatchReader<K, V> | undefined;
  if (!reader) {
    reader = new BatchReader<K, V>(options);
    named.set(name, reader);
  }
  return reader;
}

/** After a write (whatever its outcome): no later read may be served from data older than it. */
export function invalidateReads(clients: QualysClients): void {
  for (const reader of registry.get(clients)?.values() ?? []) reader.invalidate();
}

const shared = new WeakMap<QualysClients, Map<string, SharedAnswer<unknown>>>();

/**
 * The shared answer `name` of `clients` (shared/batch.ts `SharedAnswer`), made from `options` on
 * first use. Not dropped by writes: see SharedAnswer for who may use one.
 */
export function sharedAnswerFor<T>(clients: QualysClients, name: string, options: SharedAnswerOptions<T>): SharedAnswer<T> {
  let named = shared.get(clients);
  if (!named) {
    named = new Map();
    shared.set(clients, named);
  }
  let answer = named.get(name) as SharedAnswer<T> | undefined;
  if (!answer) {
    answer = new SharedAnswer<T>(options);
    named.set(name, answer);
  }
  return answer;
}

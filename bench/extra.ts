/** Benchmarks of the other resources register here (each prints its own table). */
import { largeResponseBenchmark } from "./large-response";
import { nsxAuthRecordBenchmark } from "./nsx-auth-record";
export async function extraBenchmarks(): Promise<void> {
  // NsxAuthRecord refresh batching and others are added by their resource's bench module.
  await nsxAuthRecordBenchmark();
  await largeResponseBenchmark();
}

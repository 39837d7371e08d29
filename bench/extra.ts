/** Benchmarks of the other resources register here (each prints its own table). */
export async function extraBenchmarks(): Promise<void> {
  // NsxAuthRecord refresh batching and others are added by their resource's bench module.
}

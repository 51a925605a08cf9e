// How the scoring worker shares the machine's cores between the WASM sessions' threads and the decode workers.
//
// A session's parallel operators wait for their slowest thread: with as many session threads as cores and a decode
// worker beside them, one thread is always short of a core and every operator waits for it. Measured on 2 cores
// (bench/pipeline-browser.bench.ts, tiny-clip-vit, 64 pairs, ms a pair, three rounds): 2 session threads with a
// decode worker 10.0, 9.7, 10.7; 2 threads decoding between batches on the scoring thread 6.8, 7.4, 7.3; 1 thread
// with a decode worker 7.9, 8.7, 8.3. So the decode workers get cores of their own: none on 2 cores (the scoring
// thread decodes between batches), one up to 4, two beyond; on WebGPU the sessions leave the cores to them.

export interface CpuPlan {
  /** Threads of the WASM sessions (ort.env.wasm.numThreads). */
  sessionThreads: number;
  /** Decode workers beside WASM sessions, and beside WebGPU ones. */
  decodeWorkers: { wasm: number; webgpu: number };
}

/**
 * `cores`: navigator.hardwareConcurrency; `isolated`: whether WASM threads are possible (cross-origin isolation);
 * `threads`: session threads asked for (the ?threads= parameter), else chosen here.
 */
export function cpuPlan(cores: number, isolated: boolean, threads?: number): CpuPlan {
  const n = Math.max(1, Math.floor(cores) || 1);
  const most = n > 4 ? 2 : 1;
  const sessionThreads = threads ?? (!isolated ? 1 : n <= 2 ? n : n - most);
  return { sessionThreads, decodeWorkers: { wasm: Math.max(0, Math.min(most, n - sessionThreads)), webgpu: n > 1 ? most : 0 } };
}

import { describe, expect, it } from 'vitest';
import { cpuPlan } from './cpuPlan.ts';

describe('cpuPlan', () => {
  it('never gives the session threads and the decode workers more cores than there are', () => {
    for (let cores = 1; cores <= 32; cores++)
      for (const isolated of [true, false]) {
        const plan = cpuPlan(cores, isolated);
        expect(plan.sessionThreads + plan.decodeWorkers.wasm).toBeLessThanOrEqual(Math.max(cores, 1));
        expect(plan.sessionThreads).toBeGreaterThanOrEqual(1);
      }
  });

  it('on 2 cores the sessions take both and decode on their own thread; with one thread asked for, a decode worker takes the other', () => {
    expect(cpuPlan(2, true)).toEqual({ sessionThreads: 2, decodeWorkers: { wasm: 0, webgpu: 1 } });
    expect(cpuPlan(2, true, 1)).toEqual({ sessionThreads: 1, decodeWorkers: { wasm: 1, webgpu: 1 } });
  });

  it('leaves one core to decoding up to 4 cores and two beyond; one session thread without isolation', () => {
    expect(cpuPlan(4, true)).toEqual({ sessionThreads: 3, decodeWorkers: { wasm: 1, webgpu: 1 } });
    expect(cpuPlan(8, true)).toEqual({ sessionThreads: 6, decodeWorkers: { wasm: 2, webgpu: 2 } });
    expect(cpuPlan(8, false)).toEqual({ sessionThreads: 1, decodeWorkers: { wasm: 2, webgpu: 2 } });
    expect(cpuPlan(1, true)).toEqual({ sessionThreads: 1, decodeWorkers: { wasm: 0, webgpu: 0 } });
  });
});

import type { Subject } from './scenario.ts';
import { inRollout } from './scenario.ts';

/** An engine under test: evaluates the scenario flag for a pre-built context. */
export interface Engine<C> {
  readonly name: string;
  /** Shapes a subject into the engine's own context type (built before timing). */
  context(subject: Subject): C;
  /**
   * Evaluates every context, writing 1 into `served` where the engine served "on". Each engine
   * has its own loop, so no call site is shared (and made polymorphic) between engines.
   */
  serve(contexts: readonly C[], served: Uint8Array): void | Promise<void>;
  close(): Promise<void> | void;
}

export interface Measurement {
  name: string;
  /** Median wall-clock ns per evaluation over the timed runs. */
  nsPerEval: number;
  runs: number[];
  /** Median CPU-time ns per evaluation: less disturbed when other processes share the cores. */
  cpuNsPerEval: number;
  /** Share of rollout subjects served on (expected ~0.5). */
  splitInRollout: number;
  /** Subjects outside the rule served on (expected 0). */
  onOutsideRollout: number;
}

/** CPU time (user + system) this process has used, in nanoseconds. */
export function cpuNanos(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Warms up on `warmup` contexts, then times `runs` passes over all of them; checks the split. */
export async function measure<C>(
  engine: Engine<C>,
  subjects: Subject[],
  warmup: number,
  runs: number,
): Promise<Measurement> {
  const contexts = subjects.map((subject) => engine.context(subject));
  const expectedOn = subjects.map(inRollout);
  await engine.serve(contexts.slice(0, warmup), new Uint8Array(warmup));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let onIn = 0;
  let onOut = 0;
  for (let run = 0; run < runs; run++) {
    const served = new Uint8Array(contexts.length);
    const cpuStart = cpuNanos();
    const start = process.hrtime.bigint();
    await engine.serve(contexts, served);
    times.push(Number(process.hrtime.bigint() - start) / contexts.length);
    cpuTimes.push((cpuNanos() - cpuStart) / contexts.length);
    if (run === 0) {
      for (let i = 0; i < served.length; i++) {
        if (served[i]) expectedOn[i] ? onIn++ : onOut++;
      }
    }
  }
  const inRolloutCount = expectedOn.filter(Boolean).length;
  return {
    name: engine.name,
    nsPerEval: median(times),
    runs: times,
    cpuNsPerEval: median(cpuTimes),
    splitInRollout: onIn / inRolloutCount,
    onOutsideRollout: onOut,
  };
}

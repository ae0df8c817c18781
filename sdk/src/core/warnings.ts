import type { Report } from './types.ts';

// Problems that do not refuse a snapshot (an unknown operator from a newer server, an invalid
// regex, a missing segment) make their condition match nothing. Each kind of problem is reported
// once per compile, naming its first place and how many others share it.

interface Warning {
  readonly message: string;
  readonly path: string;
  count: number;
}

/** Collects compile warnings, deduplicated by problem, then reports each once. */
export class CompileWarnings {
  private readonly byProblem = new Map<string, Warning>();

  /** Records `message` found at `path`; the same message elsewhere only raises a count. */
  add(path: string, message: string): void {
    const seen = this.byProblem.get(message);
    if (seen) seen.count++;
    else this.byProblem.set(message, { message, path, count: 1 });
  }

  /** Sends every collected warning to `report`; a throwing reporter cannot break compilation. */
  flush(report: Report | undefined): void {
    if (!report) return;
    for (const { message, path, count } of this.byProblem.values()) {
      const elsewhere = count > 1 ? ` (and ${count - 1} more)` : '';
      try {
        report(`${path}${elsewhere}: ${message}`);
      } catch {
        // The reporter is the caller's logging; its failure must not refuse a good snapshot.
      }
    }
  }
}

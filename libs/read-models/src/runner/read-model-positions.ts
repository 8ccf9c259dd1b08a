import type { Position } from '@kntc/event-store';
import type { Redis } from 'ioredis';
import type { ReadModelKeys } from '../keys';
import { readActiveBuild } from './projection-builds';

export interface PositionWaitOptions {
  /** Longest wait, in ms. Default 5000. */
  timeoutMs?: number;
  /** Interval between two looks at the checkpoints, in ms. Default 25. */
  pollMs?: number;
}

export interface PositionWait {
  reached: boolean;
  /** Checkpoint of each projection's active build when the wait ended. */
  positions: Record<string, Position>;
}

/** How far the read models that answer queries have read the store: what `?after=<position>` waits on. */
export class ReadModelPositions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async positionOf(projection: string): Promise<Position> {
    return (await readActiveBuild(this.redis, this.keys.projection(projection)))?.position ?? 0n;
  }

  /** Resolves once every named projection's active build has applied `position`, or when the time is up. */
  async waitFor(projections: readonly string[], position: Position, options: PositionWaitOptions = {}): Promise<PositionWait> {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const pollMs = options.pollMs ?? 25;
    let expired = false;
    const deadline = setTimeout(() => {
      expired = true;
    }, timeoutMs);
    try {
      for (;;) {
        const positions = Object.fromEntries(await Promise.all(projections.map(async (name) => [name, await this.positionOf(name)] as const)));
        const reached = Object.values(positions).every((p) => p >= position);
        if (reached || expired) return { reached, positions };
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      clearTimeout(deadline);
    }
  }
}

import type { EventStore, Position } from '../port/event-store.port';
import { StreamChainVerifier, type ChainBreak } from './event-hash-chain';

export interface StoreChainReport {
  streams: number;
  events: number;
  /** Position of the last event read. */
  headPosition: Position;
  /** The first break of every broken stream, in store order. Empty when every chain holds. */
  breaks: ChainBreak[];
}

export interface VerifyStoreChainsOptions {
  /** Streams whose names start with one of these are verified (the engine chains `case-` and `access-`). */
  streamPrefixes: readonly string[];
  /** Verify these streams only, instead of every stream with the prefixes. */
  streams?: readonly string[];
  /** Events read per page. Default 1000. */
  pageSize?: number;
}

/** Reads the store and checks the hash chain of every stream that matches, one page at a time. */
export async function verifyStoreChains(store: EventStore, options: VerifyStoreChainsOptions): Promise<StoreChainReport> {
  const verifiers = new Map<string, StreamChainVerifier>();
  const report: StoreChainReport = { streams: 0, events: 0, headPosition: 0n, breaks: [] };
  const verify = (events: Awaited<ReturnType<EventStore['readStream']>>): void => {
    for (const event of events) {
      let verifier = verifiers.get(event.stream);
      if (!verifier) {
        verifier = new StreamChainVerifier(event.stream);
        verifiers.set(event.stream, verifier);
      }
      const broken = verifier.add(event);
      if (broken) report.breaks.push(broken);
      report.events += 1;
      if (event.position > report.headPosition) report.headPosition = event.position;
    }
  };
  if (options.streams) {
    for (const stream of options.streams) verify(await store.readStream(stream));
  } else {
    const limit = options.pageSize ?? 1000;
    for (const prefix of options.streamPrefixes) {
      let after: Position = 0n;
      for (;;) {
        const page = await store.readAll({ after, streamPrefix: prefix, limit });
        verify(page);
        if (page.length < limit) break;
        after = page[page.length - 1]!.position;
      }
    }
  }
  report.streams = verifiers.size;
  report.breaks.sort((a, b) => {
    const [x, y] = [BigInt(a.position), BigInt(b.position)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return report;
}

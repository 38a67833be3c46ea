// Replay pacing: how long to wait between two recorded events, and grouping of events that fall
// in one frame so a viewer renders many events per update instead of sleeping per event.
import {setTimeout as sleepFor} from 'node:timers/promises';

/**
 * The longest wait between two events, in real (wall-clock) milliseconds after scaling by the
 * speed. A recording with a long idle stretch (a slow task, a night-long pause between attempts)
 * would otherwise stall a demo; 5 s still shows that something took long.
 */
export const maxGapMs = 5000;

/**
 * Milliseconds to wait before showing an event recorded at nextT (seconds) after one at prevT,
 * at `speed` times real time (1 = real time, 2 = twice as fast, 0 = no waiting). Times that are
 * missing (0), out of order, or not numbers give no wait; waits are capped at maxGapMs.
 */
export function delayFor(prevT: number, nextT: number, speed: number): number {
	if (!(speed > 0) || !Number.isFinite(speed)) return 0;
	if (!(prevT > 0) || !(nextT > 0)) return 0;
	const gap = ((nextT - prevT) * 1000) / speed;
	if (!(gap > 0)) return 0;
	return Math.min(gap, maxGapMs);
}

export interface PaceOptions {
	/** Events due within this many ms of a batch's first are delivered with it (one render). */
	frameMs?: number;
	/** Most events in one batch (bounds the work of one render, and of speed 0 batches). */
	maxBatch?: number;
	signal?: AbortSignal;
	/** Injected for tests; resolves after ms (rejects or resolves early when aborted). */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
}

/**
 * Delivers events in batches at the recorded pace: each batch is yielded when it is due, then
 * the generator waits (capped, see delayFor) until the next one. Ends when the source ends or
 * the signal aborts. Yields to the event loop between batches even at speed 0.
 */
export async function* pace<T extends {event: {t: number}}>(source: Batched<T>, speed: number, options: PaceOptions = {}): AsyncGenerator<T[]> {
	const frameMs = options.frameMs ?? 50;
	const maxBatch = options.maxBatch ?? 1000;
	const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, signal ? {signal} : {}));
	const {signal} = options;
	let batch: T[] = [];
	let owed = 0;
	let prevT = 0;
	const wait = async (ms: number): Promise<boolean> => {
		try {
			await sleep(ms, signal);
		} catch {
			// Aborted.
		}
		return !signal?.aborted;
	};
	// A batch at a time from the source when it can: the loop below is then synchronous per event.
	for await (const chunk of chunks(source)) {
		for (const item of chunk) {
			if (signal?.aborted) return;
			const t = item.event.t;
			// A t of 0 (a source without times) takes the previous time: no wait, and the next gap
			// is measured from the last real time.
			if (t > 0) {
				owed += delayFor(prevT, t, speed);
				prevT = t;
			}
			if (batch.length > 0 && (owed >= frameMs || batch.length >= maxBatch)) {
				yield batch;
				batch = [];
				if (!(await wait(owed >= frameMs ? owed : 0))) return;
				owed = 0;
			}
			batch.push(item);
		}
	}
	if (batch.length > 0 && !signal?.aborted) yield batch;
}

/** A source that may also give its items a batch at a time (one await per batch, not per item). */
export type Batched<T> = AsyncIterable<T> & {batches?(): AsyncIterable<T[]>};

async function* chunks<T>(source: Batched<T>): AsyncGenerator<T[]> {
	if (source.batches) {
		yield* source.batches();
		return;
	}
	for await (const item of source) yield [item];
}

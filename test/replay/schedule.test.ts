import {describe, expect, it} from 'vitest';
import {delayFor, maxGapMs, pace} from '../../source/replay/schedule.js';
import {collect} from './helpers.js';

describe('delayFor', () => {
	it('scales the recorded gap by the speed: 1 is real time, 2 twice as fast, 0 at once', () => {
		expect(delayFor(100, 101.5, 1)).toBe(1500);
		expect(delayFor(100, 101.5, 2)).toBe(750);
		expect(delayFor(100, 100.1, 0.5)).toBeCloseTo(200);
		expect(delayFor(100, 101.5, 0)).toBe(0);
	});

	it('caps a long idle at 5 s of real time, whatever the speed', () => {
		expect(maxGapMs).toBe(5000);
		expect(delayFor(100, 100 + 3600, 1)).toBe(5000);
		expect(delayFor(100, 100 + 3600, 10)).toBe(5000);
		expect(delayFor(100, 100 + 8, 2)).toBe(4000);
	});

	it('gives no wait for missing times, events out of order, or a nonsense speed', () => {
		expect(delayFor(0, 1795567042, 1)).toBe(0);
		expect(delayFor(1795567042, 0, 1)).toBe(0);
		expect(delayFor(200, 100, 1)).toBe(0);
		expect(delayFor(100, 101, Number.NaN)).toBe(0);
		expect(delayFor(100, 101, -1)).toBe(0);
		expect(delayFor(100, 101, Number.POSITIVE_INFINITY)).toBe(0);
	});
});

async function* from<T>(items: T[]): AsyncGenerator<T> {
	for (const item of items) yield item;
}

const at = (...times: number[]) => times.map((t, i) => ({event: {t}, i}));

describe('pace', () => {
	it('groups events due within a frame and sleeps the recorded gap between batches', async () => {
		const sleeps: number[] = [];
		const sleep = async (ms: number) => void sleeps.push(ms);
		const batches = await collect(pace(from(at(10, 10.01, 10.02, 11, 11.01, 20)), 1, {sleep, frameMs: 50}));
		expect(batches.map((b) => b.map((x) => x.i))).toEqual([[0, 1, 2], [3, 4], [5]]);
		// Measured from the first event of the batch before; each gap capped on its own.
		expect(sleeps.map(Math.round)).toEqual([1000, 5010]);
	});

	it('at speed 0 delivers everything at once, in batches of at most maxBatch, yielding between them', async () => {
		const sleeps: number[] = [];
		const sleep = async (ms: number) => void sleeps.push(ms);
		const batches = await collect(pace(from(at(1, 2, 3, 4, 5)), 0, {sleep, maxBatch: 2}));
		expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
		expect(sleeps).toEqual([0, 0]);
	});

	it('stops when the signal aborts, even during a wait', async () => {
		const controller = new AbortController();
		const seen: number[] = [];
		for await (const batch of pace(from(at(1, 3, 5)), 1, {signal: controller.signal})) {
			seen.push(...batch.map((x) => x.i));
			// The next batch is 2 s away: aborting cuts the wait short.
			setTimeout(() => controller.abort(), 10);
		}
		expect(seen).toEqual([0]);
	});
});

// The viewer's live source is quiet: a poll that finds nothing new builds no frame; a new state,
// new events or the running clock do.
import {appendFileSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {StateStore} from '../../source/run/store.js';
import {RunDirSource} from '../../source/viewer/run-dir-source.js';
import {validState} from '../run/state-fixture.js';

const sources: RunDirSource[] = [];
afterEach(() => {
	for (const s of sources.splice(0)) s.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function watch(dir: string): {frames: () => number} {
	const source = new RunDirSource({dir, pollMs: 20, startSupervisor: () => ({ok: false, message: 'no'})});
	sources.push(source);
	let frames = 0;
	source.subscribe(() => frames++);
	return {frames: () => frames};
}

it('builds no frame while nothing changes, and one when the state is saved again', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'ad-viewer-'));
	const store = new StateStore(dir);
	const state = validState(dir);
	store.write(state);
	const {frames} = watch(dir);
	await sleep(400); // twenty polls of a paused run
	expect(frames()).toBeLessThanOrEqual(1);
	const before = frames();
	store.write({...state, run: {...state.run, status: 'failed'}});
	await sleep(100);
	expect(frames()).toBe(before + 1);
});

it('follows new events of the running step within a second, and draws results and its clock at most once a second', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'ad-viewer-'));
	const store = new StateStore(dir);
	const base = validState(dir);
	const events = join(dir, 'events.ndjson');
	writeFileSync(events, '');
	const last = base.steps[1]!;
	const running = {
		...base,
		run: {...base.run, status: 'running' as const},
		steps: [base.steps[0]!, {...last, status: 'running' as const, attempts: 1, startedAt: new Date().toISOString(), attempt: {...base.steps[0]!.attempt!, eventsFile: events, logFile: join(dir, 'l.log')}}],
	};
	store.write(running);
	const {frames} = watch(dir);
	await sleep(1100);
	// The clock: about one frame a second, not one per poll (fifty here).
	expect(frames()).toBeLessThanOrEqual(3);
	const before = frames();
	writeFileSync(events, `${JSON.stringify({v: 1, type: 'task_start', t: 1, task: {id: 't1', name: 'one', path: 'x:1', role: null, action: 'ping', handler: false}})}\n`);
	await sleep(1100);
	expect(frames()).toBeGreaterThan(before);
	// A burst of results (one every 50 ms for 2 s): about two frames, not forty.
	const burst = frames();
	for (let i = 0; i < 40; i++) {
		appendFileSync(events, `${JSON.stringify({v: 1, type: 'result', t: 2 + i, host: `h${i}`, taskId: 't1', status: 'ok'})}\n`);
		await sleep(50);
	}
	expect(frames() - burst).toBeGreaterThanOrEqual(1);
	expect(frames() - burst).toBeLessThanOrEqual(3);
	// A new state shows at the next poll, however recent the last frame.
	const beforeState = frames();
	store.write({...running, run: {...running.run, status: 'pausing'}});
	await sleep(100);
	expect(frames()).toBe(beforeState + 1);
});

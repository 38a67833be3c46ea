import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {DriverEvent, HostCounts} from '../../source/ansible/events.js';
import {EventLineReader} from '../../source/ansible/parse.js';
import {applyEvent, newSummary, problemOf, statsProblemCount, totalsFromStats, type AttemptSummary} from '../../source/run/summary.js';

const EVENTS = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

function recorded(name: string): DriverEvent[] {
	const reader = new EventLineReader();
	const events = [...reader.push(readFileSync(`${EVENTS}${name}`, 'utf8')), ...reader.end()];
	expect(reader.badLines).toBe(0);
	return events;
}

function fold(events: DriverEvent[], s: AttemptSummary = newSummary()): AttemptSummary {
	for (const e of events) applyEvent(s, e);
	return s;
}

type Result = Extract<DriverEvent, {type: 'result'}>;

const result = (partial: Partial<Result> & Pick<Result, 'host' | 'status'>): Result => ({type: 'result', t: 1, taskId: 't1', ...partial});

const counts = (partial: Partial<HostCounts>): HostCounts => ({
	ok: 0,
	changed: 0,
	failures: 0,
	unreachable: 0,
	skipped: 0,
	rescued: 0,
	ignored: 0,
	...partial,
});

describe('applyEvent on recorded runs', () => {
	it('first.ndjson: hello and version, the play, two tasks, live totals from results, then the recap with no current task', () => {
		const events = recorded('first.ndjson');
		const beforeStats = fold(events.slice(0, -1));
		expect(beforeStats.hello).toBe(true);
		expect(beforeStats.ansibleVersion).toBe('2.14.18');
		expect(beforeStats.play).toBe('First');
		expect(beforeStats.tasksStarted).toBe(2);
		expect(beforeStats.currentTask?.name).toBe('first task two');
		expect(beforeStats.stats).toBeNull();
		expect(beforeStats.totals).toEqual({ok: 6, changed: 6, failed: 0, unreachable: 0, skipped: 0});

		const s = applyEvent(beforeStats, events.at(-1)!);
		expect(s).toBe(beforeStats);
		expect(s.stats).not.toBeNull();
		expect(s.currentTask).toBeNull();
		expect(s.totals).toEqual({ok: 6, changed: 6, failed: 0, unreachable: 0, skipped: 0});
		expect(s.problems).toEqual([]);
		expect(s.events).toBe(events.length);
	});

	it('fails.ndjson: the failed host is a problem naming host, task, msg, stderr and rc; the recap counts it', () => {
		const s = fold(recorded('fails.ndjson'));
		expect(s.problems).toEqual([{host: 'h2', task: 'check cluster state', status: 'failed', msg: 'non-zero return code; stderr: wsrep not Synced; rc 3'}]);
		expect(s.totals).toEqual({ok: 4, changed: 4, failed: 1, unreachable: 0, skipped: 0});
		expect(statsProblemCount(s.stats!)).toBe(1);
	});

	it('fails.jsonl: the problem names the task from the result itself (jsonl sends no task ids to look up)', () => {
		const events = recorded('fails.jsonl').filter((e) => e.type !== 'task_start');
		const s = fold(events);
		expect(s.problems).toEqual([{host: 'h2', task: 'check cluster state', status: 'failed', msg: 'non-zero return code; stderr: wsrep not Synced; rc 3'}]);
	});

	it('the recap replaces the live totals instead of adding to them', () => {
		const events = recorded('fails.ndjson');
		const s = fold(events.slice(0, -1));
		expect(s.totals).toEqual({ok: 4, changed: 4, failed: 1, unreachable: 0, skipped: 0});
		// A recap that disagrees with the live count (e.g. results lost with a cut line) wins.
		applyEvent(s, {type: 'stats', t: 2, hosts: {h1: counts({ok: 1, skipped: 3}), h2: counts({unreachable: 1})}});
		expect(s.totals).toEqual({ok: 1, changed: 0, failed: 0, unreachable: 1, skipped: 3});
	});
});

describe('live totals', () => {
	it('count ok, changed (also ok), failed, unreachable and skipped like the recap does; ignored and rescued count as ok', () => {
		const s = fold(
			(['ok', 'changed', 'failed', 'unreachable', 'skipped', 'ignored', 'rescued'] as const).map((status, i) => result({host: `h${i}`, status})),
		);
		expect(s.totals).toEqual({ok: 4, changed: 1, failed: 1, unreachable: 1, skipped: 1});
	});
});

describe('problemOf', () => {
	it('a failed result with ignored status, a rescued one, ok and skipped ones are not problems', () => {
		const s = newSummary();
		for (const status of ['ignored', 'rescued', 'ok', 'changed', 'skipped'] as const) {
			expect(problemOf(s, result({host: 'h1', status, msg: 'non-zero return code', rc: 1, stderr: 'boom'}))).toBeNull();
		}
		fold([result({host: 'h1', status: 'ignored', msg: 'x', rc: 1})], s);
		expect(s.problems).toEqual([]);
	});

	it('an unreachable host is a problem with its message', () => {
		const p = problemOf(newSummary(), result({host: 'db1', status: 'unreachable', msg: 'Failed to connect to the host via ssh'}));
		expect(p).toEqual({host: 'db1', task: 't1', status: 'unreachable', msg: 'Failed to connect to the host via ssh'});
	});

	it('names the task from task_start by id, also for a result that arrives after later tasks started (free strategy)', () => {
		const s = fold([
			{type: 'task_start', t: 1, task: {id: 'a', name: 'stop galera'}},
			{type: 'task_start', t: 2, task: {id: 'b', name: 'start galera'}},
		]);
		expect(problemOf(s, result({host: 'h1', taskId: 'a', status: 'failed'}))?.task).toBe('stop galera');
		expect(problemOf(s, result({host: 'h1', taskId: 'b', status: 'failed'}))?.task).toBe('start galera');
		expect(problemOf(s, result({host: 'h1', taskId: 'zz', status: 'failed'}))?.task).toBe('zz');
	});

	it('leaves out empty or whitespace stderr and rc 0, trims stderr, and gives an empty msg when there is nothing to say', () => {
		const s = newSummary();
		expect(problemOf(s, result({host: 'h', status: 'failed', msg: 'm', stderr: '  \n', rc: 0}))?.msg).toBe('m');
		expect(problemOf(s, result({host: 'h', status: 'failed', stderr: '\n  disk full \n', rc: 28}))?.msg).toBe('stderr: disk full; rc 28');
		expect(problemOf(s, result({host: 'h', status: 'failed', rc: null}))?.msg).toBe('');
	});

	it('keeps the first 50 problems and counts the rest', () => {
		const s = fold(Array.from({length: 53}, (_, i) => result({host: `h${i}`, status: 'failed', msg: 'x'})));
		expect(s.problems).toHaveLength(50);
		expect(s.problems[49]?.host).toBe('h49');
		expect(s.moreProblems).toBe(3);
		expect(s.totals.failed).toBe(53);
	});
});

describe('pause records', () => {
	it('paused records the reason, the task that did not start and the play it names', () => {
		const task = {id: 't3', name: 'handler task three'};
		const s = fold([
			{type: 'play_start', t: 1, play: {id: 'p', name: 'Handler'}},
			{type: 'paused', t: 2, reason: 'task', task, play: {id: 'p2', name: 'Other play'}},
		]);
		expect(s.paused).toEqual({reason: 'task', task, play: 'Other play'});
	});

	it('a paused record without a play falls back to the current play', () => {
		const s = fold([
			{type: 'play_start', t: 1, play: {id: 'p', name: 'Rolling'}},
			{type: 'paused', t: 2, reason: 'play', task: null, play: null},
		]);
		expect(s.paused).toEqual({reason: 'play', task: null, play: 'Rolling'});
	});

	it('pause_wait says in words what the pause waits for, naming pending handlers; the latest one wins', () => {
		const s = newSummary();
		expect(s.waiting).toBeNull();
		applyEvent(s, {type: 'pause_wait', t: 1, reason: 'handler', detail: 'notified handler pending: restart service'});
		expect(s.waiting).toBe('the notified handler to run (restart service)');
		applyEvent(s, {type: 'pause_wait', t: 2, reason: 'play_boundary', detail: 'pause mode play: waiting for the next play or serial batch'});
		expect(s.waiting).toBe('the end of the current play or serial batch (pause: play)');
		applyEvent(s, {type: 'pause_wait', t: 3, reason: 'strategy', detail: 'strategy free: waiting for the next play or serial batch'});
		expect(s.waiting).toMatch(/^the next play/);
		applyEvent(s, {type: 'pause_wait', t: 4, reason: 'something-new', detail: ''});
		expect(s.waiting).toBe('something-new');
		expect(s.paused).toBeNull();
	});
});

describe('recap helpers', () => {
	it('totalsFromStats sums hosts, maps failures to failed, and leaves rescued and ignored out', () => {
		expect(
			totalsFromStats({
				h1: counts({ok: 3, changed: 1, skipped: 2, rescued: 1, ignored: 1}),
				h2: counts({ok: 1, failures: 1}),
				h3: counts({unreachable: 1}),
			}),
		).toEqual({ok: 4, changed: 1, failed: 1, unreachable: 1, skipped: 2});
		expect(totalsFromStats({})).toEqual({ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0});
	});

	it('statsProblemCount counts hosts that failed or were unreachable, once each; ignored and rescued are not problems', () => {
		expect(
			statsProblemCount({
				a: counts({failures: 2, unreachable: 1}),
				b: counts({unreachable: 1}),
				c: counts({ok: 5, ignored: 1, rescued: 1}),
			}),
		).toBe(2);
		expect(statsProblemCount({})).toBe(0);
	});
});

import {expect, it} from 'vitest';
import type {RunState, StepState} from '../../source/run/types.js';
import {buildRunView} from '../../source/viewer/run-view.js';
import {newMatrix} from '../../source/matrix/reducer.js';

const t0 = Date.parse('2026-01-01T10:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();

function step(id: string, patch: Partial<StepState>): StepState {
	return {id, name: id, hash: `h-${id}`, status: 'pending', attempts: 0, startedAt: null, endedAt: null, pausedAt: null, hosts: {ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0}, attempt: null, reason: null, problems: [], eventsSeen: null, ...patch};
}

function state(steps: StepState[], status: RunState['run']['status'] = 'running'): RunState {
	return {version: 1, plan: {name: 'P', path: '/p.yml', hash: 'x', builtin: null}, run: {status, pid: 1, startedAt: iso(0), updatedAt: iso(50), waitingFor: null}, steps};
}

const running = state([step('a', {status: 'done', startedAt: iso(0), endedAt: iso(30), attempts: 1}), step('b', {status: 'running', startedAt: iso(30), attempts: 1}), step('c', {})]);

it('shows the running step with its duration so far, progress against the listed task count, and the elapsed time', () => {
	const matrix = newMatrix();
	matrix.tasks.push({id: 't1', name: 'one', play: 'p', handler: false, role: null}, {id: 't2', name: 'two', play: 'p', handler: false, role: null});
	const view = buildRunView({state: running, live: true, now: t0 + 40_000, source: '/d', currentMatrix: matrix, taskCounts: {'h-b': 7}, history: {}});
	expect(view.currentStep).toBe(1);
	expect(view.steps[1]).toMatchObject({status: 'running', durationMs: 10_000, progress: {done: 2, total: 7}});
	expect(view.steps[0]).toMatchObject({durationMs: 30_000, progress: null});
	expect(view.elapsedMs).toBe(40_000);
	expect(view.etaMs).toBe(null); // step c has no known duration
});

it('estimates the time left from earlier durations only when every remaining step has one', () => {
	const view = buildRunView({state: running, live: true, now: t0 + 40_000, source: '/d', currentMatrix: null, taskCounts: {}, history: {'h-b': 25_000, 'h-c': 5_000}});
	expect(view.etaMs).toBe(15_000 + 5_000);
});

it('a finished or paused run points at the last step that started and shows no ETA', () => {
	const paused = state([step('a', {status: 'done', startedAt: iso(0), endedAt: iso(30)}), step('b', {status: 'paused', startedAt: iso(30), endedAt: iso(45), pausedAt: {task: 'x', play: 'p', reason: 'task', at: iso(45)}}), step('c', {})], 'paused');
	const view = buildRunView({state: paused, live: false, now: t0 + 99_000, source: '/d', currentMatrix: null, taskCounts: {}, history: {'h-b': 1, 'h-c': 1}});
	expect(view.currentStep).toBe(1);
	expect(view.steps[1]).toMatchObject({durationMs: 15_000, pausedAtTask: 'x'});
	expect(view.etaMs).toBe(null);
	expect(view.elapsedMs).toBe(50_000);
});

it("times the running step's stall to now, longest-stalled host first, and drops it once the step stops", () => {
	const stalled = {taskId: 't7', task: 'restart galera', hosts: [{host: 'h3', since: iso(20)}, {host: 'h2', since: iso(10)}], afterSeconds: 120, source: 'plan' as const};
	const live = state([step('a', {status: 'running', startedAt: iso(0), attempts: 1, stalled})]);
	const view = buildRunView({state: live, live: true, now: t0 + 262_000, source: '/d', currentMatrix: null, taskCounts: {}, history: {}});
	expect(view.steps[0]!.stalled).toEqual({taskId: 't7', task: 'restart galera', hosts: [{host: 'h2', forMs: 252_000}, {host: 'h3', forMs: 242_000}], afterMs: 120_000, source: 'plan'});

	const ended = state([step('a', {status: 'failed', startedAt: iso(0), endedAt: iso(40), attempts: 1, stalled})], 'failed');
	expect(buildRunView({state: ended, live: false, now: t0 + 262_000, source: '/d', currentMatrix: null, taskCounts: {}, history: {}}).steps[0]!.stalled).toBe(null);
	expect(buildRunView({state: running, live: true, now: t0, source: '/d', currentMatrix: null, taskCounts: {}, history: {}}).steps[1]!.stalled).toBe(null);
});

it('says what each step runs, from the plan by step hash; a step the plan does not know stays unknown', () => {
	const view = buildRunView({state: running, live: true, now: t0, source: '/d', currentMatrix: null, taskCounts: {}, history: {}, kinds: {'h-a': 'command', 'h-b': 'playbook'}});
	expect(view.steps.map((s) => s.kind)).toEqual(['command', 'playbook', null]);
	expect(view.replay).toBe(false);
	expect(buildRunView({state: running, live: true, now: t0, source: '/d', currentMatrix: null, taskCounts: {}, history: {}}).steps[0]!.kind).toBe(null);
});

it('active time: the ended attempts kept in the state plus the running attempt, not the pauses; the ETA as a clock time', () => {
	const now = t0 + 600_000;
	const s = state([
		step('a', {status: 'done', startedAt: iso(0), endedAt: iso(30), attempts: 1}),
		step('b', {status: 'running', startedAt: iso(500), attempts: 2, attempt: {n: 2, pid: 1, pidStart: null, startedAt: iso(500), endedAt: null, exitCode: null, signal: null, eventsFile: 'e', logFile: 'l', extraArgs: []}}),
	]);
	// 30 s of a, 40 s of b's first attempt (paused), then b again from 500 s on.
	s.run.activeMs = 70_000;
	const view = buildRunView({state: s, live: true, now, source: '', currentMatrix: null, taskCounts: {}, history: {'h-b': 200_000}});
	expect(view.activeMs).toBe(70_000 + 100_000);
	expect(view.elapsedMs).toBe(600_000);
	expect(view.etaMs).toBe(100_000);
	expect(view.etaAt).toBe(now + 100_000);
	// Without a supervisor the running attempt is not counted as running; an older state sums its steps.
	delete s.run.activeMs;
	expect(buildRunView({state: s, live: false, now, source: '', currentMatrix: null, taskCounts: {}, history: {}}).activeMs).toBe(30_000);
});

it('a run that is not running points at the step a resume would start: after reset two, step two, not the last one that ran', () => {
	const s = state([
		step('one', {status: 'done', startedAt: iso(0), endedAt: iso(10), attempts: 1}),
		step('two', {status: 'pending'}),
		step('three', {status: 'done', startedAt: iso(20), endedAt: iso(30), attempts: 1}),
	], 'idle');
	expect(buildRunView({state: s, live: false, now: t0 + 60_000, source: '', currentMatrix: null, taskCounts: {}, history: {}}).currentStep).toBe(1);
	const done = state([step('one', {status: 'done', startedAt: iso(0), endedAt: iso(10), attempts: 1}), step('two', {status: 'done', startedAt: iso(10), endedAt: iso(20), attempts: 1})], 'done');
	expect(buildRunView({state: done, live: false, now: t0 + 60_000, source: '', currentMatrix: null, taskCounts: {}, history: {}}).currentStep).toBe(1);
	const fresh = state([step('one', {}), step('two', {})], 'idle');
	expect(buildRunView({state: fresh, live: false, now: t0, source: '', currentMatrix: null, taskCounts: {}, history: {}}).currentStep).toBe(-1);
});

import {cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {DriverEvent} from '../../source/ansible/events.js';
import {jsonDocEvents, JsonDocFile, parseJsonDoc} from '../../source/replay/json-doc.js';
import {jobEventFiles, RunnerEvents, runnerEvents} from '../../source/replay/runner.js';
import {collect, describeEvents, REPLAY} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'replay-formats-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

type Of<T extends DriverEvent['type']> = Extract<DriverEvent, {type: T}>;
const only = <T extends DriverEvent['type']>(events: DriverEvent[], type: T) => events.filter((e): e is Of<T> => e.type === type);

/** Per task in start order: "name: host:status ..." sorted by host. */
function outcomes(events: DriverEvent[]): string[] {
	const rows: Array<{name: string; results: string[]}> = [];
	const byId = new Map<string, {name: string; results: string[]}>();
	for (const e of events) {
		if (e.type === 'task_start' && !byId.has(e.task.id)) {
			const row = {name: e.task.name, results: []};
			byId.set(e.task.id, row);
			rows.push(row);
		} else if (e.type === 'result') byId.get(e.taskId)?.results.push(`${e.host}:${e.status}`);
	}
	return rows.map((r) => `${r.name}: ${r.results.sort().join(' ')}`);
}

describe('ansible.posix.json document', () => {
	it('mixed.posix.json: plays, tasks, per-host results with statuses from failed/skipped/changed, loop items and the recap', async () => {
		const file = new JsonDocFile(join(REPLAY, 'mixed.posix.json'));
		const events = (await collect(file)).map((x) => x.event);
		expect(file.badLines).toBe(0);
		expect(events[0]).toMatchObject({type: 'play_start', play: {name: 'Mixed'}, hosts: ['h1', 'h2', 'h3']});
		expect(outcomes(events)).toEqual([
			'loop over packages: h1:ok h2:ok h3:ok',
			'ignored failure: h1:failed h2:skipped h3:skipped',
			'wait until ready: h1:changed h2:skipped h3:skipped',
			'change config: h1:changed h2:changed h3:changed',
			'risky step: h1:skipped h2:skipped h3:failed',
			'recover: h3:ok',
			'check cluster state: h1:skipped h2:failed h3:skipped',
			'after the check: h1:changed h3:changed',
			'restart service: h1:changed h3:changed',
		]);
		expect(only(events, 'item').map((e) => `${e.host} ${e.item} ${e.status}`)).toEqual([
			'h1 alpha ok',
			'h1 beta ok',
			'h2 alpha ok',
			'h2 beta ok',
			'h3 alpha ok',
			'h3 beta skipped',
		]);
		const failed = only(events, 'result').find((e) => e.host === 'h2' && e.status === 'failed');
		expect(failed?.msg).toBe('wsrep not Synced on h2');
		expect(events.at(-1)).toMatchObject({type: 'stats', hosts: {h2: {failures: 1}, h3: {rescued: 1}, h1: {ignored: 1}}});
	});

	it('times come from the task durations: a task starts at its start, its results at its end, never going back', () => {
		const doc = {
			plays: [
				{
					play: {id: 'p', name: 'P', duration: {start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:00:09.000Z'}},
					tasks: [
						{task: {id: 't1', name: 'one', duration: {start: '2026-01-01T00:00:01.000Z', end: '2026-01-01T00:00:03.500Z'}}, hosts: {a: {changed: true}}},
						{task: {id: 't2', name: 'two', duration: {start: '2026-01-01T00:00:04.000Z'}}, hosts: {a: {unreachable: true, msg: 'gone'}}},
					],
				},
			],
			stats: {a: {ok: 1, unreachable: 1}},
		};
		const base = Date.parse('2026-01-01T00:00:00.000Z') / 1000;
		const events = [...jsonDocEvents(doc)];
		expect(events.map((e) => [describeEvents([e])[0], e.t - base])).toEqual([
			['play_start', 0],
			['task_start one', 1],
			['result a changed', 3.5],
			['task_start two', 4],
			['result a unreachable', 4],
			['stats', 9],
		]);
		expect(only(events, 'result')[0]?.duration).toBe(2.5);
	});

	it('a document after stray stdout lines still parses; an unreadable one counts as one bad line', async () => {
		expect(parseJsonDoc('[WARNING]: something\n{"plays": [], "stats": {}}\n')).toEqual({plays: [], stats: {}});
		const broken = join(tmp, 'broken.json');
		writeFileSync(broken, '{\n  "plays": [\n');
		const file = new JsonDocFile(broken);
		expect(await collect(file)).toEqual([]);
		expect(file.badLines).toBe(1);
	});
});

describe('ansible-runner job_events', () => {
	const jobEvents = join(REPLAY, 'runner/artifacts/mixed/job_events');

	it('files are read in counter order (numeric, not by name)', () => {
		const counters = jobEventFiles(jobEvents).map((f) => Number(/(\d+)-[^/]*$/.exec(f)?.[1]));
		expect(counters).toEqual(Array.from({length: 68}, (_, i) => i + 1));
	});

	it('mixed run: task and host starts, results with ignored/skipped/failed/changed, items, a retry, notifications, a handler and the recap', async () => {
		const source = new RunnerEvents(jobEvents);
		const events = (await collect(source)).map((x) => x.event);
		expect(source.badLines).toBe(0);
		expect(source.lines).toBe(68);
		expect(describeEvents(events).slice(0, 9)).toEqual([
			'playbook_start',
			'play_start',
			'task_start loop over packages',
			'host_start',
			'host_start',
			'host_start',
			'item h1 ok alpha',
			'item h3 ok alpha',
			'item h3 skipped beta',
		]);
		expect(outcomes(events)).toEqual([
			'loop over packages: h1:ok h2:ok h3:ok',
			'ignored failure: h1:ignored h2:skipped h3:skipped',
			'wait until ready: h1:changed h2:skipped h3:skipped',
			'change config: h1:changed h2:changed h3:changed',
			'risky step: h1:skipped h2:skipped h3:failed',
			'recover: h3:ok',
			'check cluster state: h1:skipped h2:failed h3:skipped',
			'after the check: h1:changed h3:changed',
			'restart service: h1:changed h3:changed',
		]);
		expect(only(events, 'retry')).toMatchObject([{host: 'h1', attempts: 1, retries: 3}]);
		expect(only(events, 'notify').map((e) => `${e.host} ${e.handlerName}`)).toEqual(['h2 restart service', 'h1 restart service', 'h3 restart service']);
		expect(only(events, 'task_start').filter((e) => e.task.handler).map((e) => e.task.name)).toEqual(['restart service']);
		const failed = only(events, 'result').find((e) => e.status === 'failed' && e.host === 'h2');
		expect(failed).toMatchObject({msg: 'wsrep not Synced on h2', taskId: '02fc0000-0001-ab97-afc8-000000000010'});
		expect(failed?.duration).toBeGreaterThan(0);
		// `created` is UTC without a zone.
		expect(events[0]?.t).toBeCloseTo(Date.parse('2026-11-25T00:50:31.909458Z') / 1000, 3);
		expect(events.at(-1)).toEqual({
			type: 'stats',
			t: expect.any(Number),
			hosts: {
				h3: {ok: 5, changed: 3, failures: 0, unreachable: 0, skipped: 3, rescued: 1, ignored: 0},
				h1: {ok: 6, changed: 5, failures: 0, unreachable: 0, skipped: 2, rescued: 0, ignored: 1},
				h2: {ok: 2, changed: 1, failures: 1, unreachable: 0, skipped: 3, rescued: 0, ignored: 0},
			},
		});
	});

	it('a damaged event file is counted and skipped; unknown events are ignored; foreign files are not read', async () => {
		const dir = join(tmp, 'job_events');
		cpSync(jobEvents, dir, {recursive: true});
		const names = readdirSync(dir);
		const third = names.find((n) => n.startsWith('3-'))!;
		writeFileSync(join(dir, third), '{"event": "playbook_on_task_st');
		writeFileSync(join(dir, '69-x.json'), JSON.stringify({event: 'verbose', counter: 69, event_data: {}}));
		writeFileSync(join(dir, 'notes.txt'), 'not an event');
		renameSync(join(dir, names.find((n) => n.startsWith('5-'))!), join(dir, '5-renamed.json'));
		const source = new RunnerEvents(dir);
		const events = (await collect(source)).map((x) => x.event);
		expect(source.badLines).toBe(1);
		expect(source.lines).toBe(69);
		expect(only(events, 'task_start')[0]?.task.name).toBe('ignored failure');
		expect(runnerEvents({event: 'runner_on_ok', event_data: {}})).toBeNull();
		expect(runnerEvents({event: 'playbook_on_include', event_data: {}})).toEqual([]);
		expect(runnerEvents('nonsense')).toBeNull();
		mkdirSync(join(tmp, 'empty/job_events'), {recursive: true});
		expect(await collect(new RunnerEvents(join(tmp, 'empty/job_events')))).toEqual([]);
	});
});

import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {DriverEvent, HostCounts} from '../../source/ansible/events.js';
import {EventLineReader, parseEventLine} from '../../source/ansible/parse.js';

const EVENTS = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));

function fixture(name: string): string {
	return readFileSync(`${EVENTS}${name}`, 'utf8');
}

function readAll(text: string): {events: DriverEvent[]; reader: EventLineReader} {
	const reader = new EventLineReader();
	const events = [...reader.push(text), ...reader.end()];
	return {events, reader};
}

type Result = Extract<DriverEvent, {type: 'result'}>;
type Of<T extends DriverEvent['type']> = Extract<DriverEvent, {type: T}>;

function only<T extends DriverEvent['type']>(events: DriverEvent[], type: T): Array<Of<T>> {
	return events.filter((e): e is Of<T> => e.type === type);
}

/** Per task (in start order): its name and the sorted "host:status" of its results. */
function resultsByTask(events: DriverEvent[]): Array<{task: string; results: string[]}> {
	const out: Array<{task: string; results: string[]}> = [];
	const names = new Map<string, string>();
	let current: {task: string; results: string[]} | undefined;
	for (const e of events) {
		if (e.type === 'task_start') {
			names.set(e.task.id, e.task.name);
			current = {task: e.task.name, results: []};
			out.push(current);
		} else if (e.type === 'result') {
			expect(names.get(e.taskId), `result for ${e.host} names a started task`).toBeDefined();
			current?.results.push(`${e.host}:${e.status}`);
		}
	}
	for (const t of out) t.results.sort();
	return out;
}

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

const failsStats = {
	h1: counts({ok: 2, changed: 2}),
	h2: counts({failures: 1}),
	h3: counts({ok: 2, changed: 2}),
};

describe('the plugin format, from recorded runs', () => {
	it('first.ndjson: hello, playbook, play, then per task a start, three host starts and three changed results, then the recap', () => {
		const {events, reader} = readAll(fixture('first.ndjson'));
		const hostStarts = ['host_start', 'host_start', 'host_start'];
		const results = ['result', 'result', 'result'];
		expect(events.map((e) => e.type)).toEqual([
			'hello',
			'playbook_start',
			'play_start',
			'task_start',
			...hostStarts,
			...results,
			'task_start',
			...hostStarts,
			...results,
			'stats',
		]);
		expect(reader.badLines).toBe(0);
		expect(reader.lines).toBe(18);

		const hello = only(events, 'hello')[0]!;
		expect(hello.ansibleVersion).toBe('2.14.18');
		expect(hello.pauseMode).toBe('task');
		expect(hello.pid).toBeGreaterThan(0);

		expect(only(events, 'playbook_start')[0]!.playbook).toBe('fixtures/runs/playbooks/first.yml');
		const play = only(events, 'play_start')[0]!;
		expect(play.play.name).toBe('First');
		expect(play.play.strategy).toBe('linear');
		expect(play.hosts).toEqual(['h1', 'h2', 'h3']);

		const task = only(events, 'task_start')[0]!.task;
		expect(task).toEqual({
			id: task.id,
			name: 'first task one',
			path: '/srv/project/fixtures/runs/playbooks/first.yml:8',
			role: null,
			action: 'ansible.builtin.shell',
			handler: false,
		});
		expect(resultsByTask(events)).toEqual([
			{task: 'first task one', results: ['h1:changed', 'h2:changed', 'h3:changed']},
			{task: 'first task two', results: ['h1:changed', 'h2:changed', 'h3:changed']},
		]);
		for (const r of only(events, 'result')) {
			expect(r.duration).toBeGreaterThan(0);
			expect(r.rc).toBe(0);
			// The plugin format names the task by id only; task_start carries the name.
			expect(r.task).toBeUndefined();
		}
		const ts = events.map((e) => e.t);
		expect(ts.every((t, i) => t > 1e9 && (i === 0 || t >= ts[i - 1]!))).toBe(true);

		const h = counts({ok: 2, changed: 2});
		expect(only(events, 'stats')[0]!.hosts).toEqual({h1: h, h2: h, h3: h});
	});

	it('fails.ndjson: h2 fails the check with msg, rc and stderr, is not run on the next task, and the recap counts one failure', () => {
		const {events, reader} = readAll(fixture('fails.ndjson'));
		expect(reader.badLines).toBe(0);
		expect(resultsByTask(events)).toEqual([
			{task: 'check cluster state', results: ['h1:changed', 'h2:failed', 'h3:changed']},
			{task: 'after the check', results: ['h1:changed', 'h3:changed']},
		]);
		const failed = only(events, 'result').find((r) => r.status === 'failed')!;
		expect(failed).toMatchObject({host: 'h2', msg: 'non-zero return code', rc: 3, stderr: 'wsrep not Synced', stdout: ''});
		const secondTask = only(events, 'task_start')[1]!.task.id;
		expect(only(events, 'host_start').filter((e) => e.taskId === secondTask).map((e) => e.host)).toEqual(['h1', 'h3']);
		expect(events.at(-1)).toEqual({type: 'stats', t: events.at(-1)!.t, hosts: failsStats});
	});

	it('handler.ndjson: each host notifies the handler, whose later task_start is marked handler and has the notified id', () => {
		const {events, reader} = readAll(fixture('handler.ndjson'));
		expect(reader.badLines).toBe(0);
		const notifies = only(events, 'notify');
		expect(notifies.map((n) => n.host).sort()).toEqual(['h1', 'h2', 'h3']);
		expect(new Set(notifies.map((n) => n.handlerName))).toEqual(new Set(['restart service']));
		const handlerId = notifies[0]!.handlerId;
		expect(notifies.every((n) => n.handlerId === handlerId)).toBe(true);

		const starts = only(events, 'task_start').map((e) => e.task);
		expect(starts.map((t) => [t.name, t.handler])).toEqual([
			['handler task one notifies', false],
			['handler task two', false],
			['flush', false],
			['restart service', true],
			['handler task three', false],
		]);
		const handler = starts.find((t) => t.handler)!;
		expect(handler.id).toBe(handlerId);
		// Every notify comes before the handler starts.
		const handlerAt = events.findIndex((e) => e.type === 'task_start' && e.task.handler === true);
		const lastNotifyAt = events.map((e) => e.type).lastIndexOf('notify');
		expect(lastNotifyAt).toBeGreaterThan(0);
		expect(lastNotifyAt).toBeLessThan(handlerAt);
		expect(resultsByTask(events).map((t) => [t.task, t.results.length])).toEqual([
			['handler task one notifies', 3],
			['handler task two', 3],
			['flush', 0],
			['restart service', 3],
			['handler task three', 3],
		]);
	});

	it('rolling.ndjson: serial 1 sends one play_start per batch naming its one host, and the tasks repeat with the same ids', () => {
		const {events} = readAll(fixture('rolling.ndjson'));
		const plays = only(events, 'play_start');
		expect(plays.map((p) => p.hosts)).toEqual([['h1'], ['h2'], ['h3']]);
		expect(new Set(plays.map((p) => p.play.id)).size).toBe(1);
		expect(plays[0]!.play.serial).toEqual([1]);
		const starts = only(events, 'task_start');
		expect(starts.map((s) => s.task.name)).toEqual(['rolling stop', 'rolling start', 'rolling stop', 'rolling start', 'rolling stop', 'rolling start']);
		expect(new Set(starts.map((s) => s.task.id)).size).toBe(2);
		expect(only(events, 'result').map((r) => `${r.host}:${r.status}`)).toEqual(['h1:changed', 'h1:changed', 'h2:changed', 'h2:changed', 'h3:changed', 'h3:changed']);
	});
});

describe('ansible.posix.jsonl, from recorded runs', () => {
	it('fails.jsonl gives the same tasks, host statuses, failure details and recap as the plugin recording of the same playbook', () => {
		const {events, reader} = readAll(fixture('fails.jsonl'));
		const plugin = readAll(fixture('fails.ndjson')).events;
		expect(reader.badLines).toBe(0);
		expect(events.map((e) => e.type)).toEqual(['play_start', 'task_start', 'result', 'result', 'result', 'task_start', 'result', 'result', 'stats']);
		expect(only(events, 'play_start')[0]!.play.name).toBe('Fails');
		expect(resultsByTask(events)).toEqual(resultsByTask(plugin));
		const failed = only(events, 'result').find((r) => r.status === 'failed')!;
		expect(failed).toMatchObject({host: 'h2', msg: 'non-zero return code', rc: 3, stderr: 'wsrep not Synced'});
		expect(only(events, 'stats')[0]!.hosts).toEqual(failsStats);
	});

	it('jsonl results carry their task, a duration from the task times and a time from _timestamp', () => {
		const text = fixture('fails.jsonl');
		const {events} = readAll(text);
		const firstResultLine = JSON.parse(text.split('\n')[2]!) as {_timestamp: string};
		const r = only(events, 'result')[0]!;
		expect(r.task?.name).toBe('check cluster state');
		expect(r.task?.path).toBe('/srv/project/fixtures/runs/playbooks/fails.yml:8');
		expect(r.taskId).toBe(r.task?.id);
		expect(r.t).toBe(Date.parse(firstResultLine._timestamp) / 1000);
		for (const res of only(events, 'result')) {
			expect(res.duration).toBeGreaterThan(0);
			expect(res.duration).toBeLessThan(60);
		}
	});

	it('handler.jsonl: the handler task start is marked handler, ordinary task starts are not', () => {
		const {events} = readAll(fixture('handler.jsonl'));
		const starts = only(events, 'task_start').map((e) => e.task);
		expect(starts.filter((t) => t.handler === true).map((t) => t.name)).toEqual(['restart service']);
		expect(starts.find((t) => t.name === 'handler task two')?.handler).toBeUndefined();
		expect(only(events, 'result').filter((r) => r.task?.name === 'restart service').map((r) => r.host).sort()).toEqual(['h1', 'h2', 'h3']);
	});

	it('an ok result with changed: true becomes changed, one with changed: false stays ok', () => {
		const line = fixture('handler.jsonl').split('\n').find((l) => l.includes('"v2_runner_on_ok"'))!;
		expect(line).toContain('"changed":true');
		expect(parseEventLine(line)?.map((e) => (e as Result).status)).toEqual(['changed']);
		const unchanged = line.replace('"changed":true', '"changed":false');
		expect(parseEventLine(unchanged)?.map((e) => (e as Result).status)).toEqual(['ok']);
	});

	it('a result line carrying several hosts fans out to one result per host, each with its own status and details', () => {
		const lines = fixture('fails.jsonl')
			.split('\n')
			.filter((l) => l.includes('"v2_runner_on_ok"'))
			.map((l) => JSON.parse(l) as {hosts: Record<string, Record<string, unknown>>; task: {id: string}});
		const [a, b] = [lines[0]!, lines[1]!];
		expect(a.task.id).toBe(b.task.id);
		const [hostB, resultB] = Object.entries(b.hosts)[0]!;
		const merged = {...a, hosts: {...a.hosts, [hostB]: {...resultB, changed: false, msg: 'nothing to do'}}};
		const hostA = Object.keys(a.hosts)[0]!;
		const events = parseEventLine(JSON.stringify(merged));
		expect(events).toEqual([
			expect.objectContaining({type: 'result', host: hostA, status: 'changed', taskId: a.task.id, msg: ''}),
			expect.objectContaining({type: 'result', host: hostB, status: 'ok', taskId: a.task.id, msg: 'nothing to do'}),
		]);
	});

	it('a failed line is failed whatever its changed flag; skipped and unreachable lines map to their statuses', () => {
		const failedLine = fixture('fails.jsonl').split('\n').find((l) => l.includes('"v2_runner_on_failed"'))!;
		expect(failedLine).toContain('"changed":true');
		const task = {id: 't1', name: 'probe'};
		const make = (event: string) => JSON.stringify({_event: event, hosts: {h1: {msg: 'x'}}, task});
		expect((parseEventLine(failedLine)?.[0] as Result).status).toBe('failed');
		expect((parseEventLine(make('v2_runner_on_skipped'))?.[0] as Result).status).toBe('skipped');
		expect((parseEventLine(make('v2_runner_on_unreachable'))?.[0] as Result).status).toBe('unreachable');
	});

	it('a free-strategy runner start gives a task_start and a host_start for its host', () => {
		const line = JSON.stringify({_event: 'v2_runner_on_start', hosts: {h2: {}}, task: {id: 't9', name: 'free task'}});
		expect(parseEventLine(line)).toEqual([
			{type: 'task_start', t: 0, task: {id: 't9', name: 'free task'}},
			{type: 'host_start', t: 0, host: 'h2', taskId: 't9'},
		]);
	});

	it('jsonl events the driver does not show (includes, notices) parse to no events and are not bad lines', () => {
		const reader = new EventLineReader();
		expect(reader.push('{"_event":"v2_playbook_on_include","_timestamp":"2026-11-25T00:37:07.336099Z"}\n')).toEqual([]);
		expect(reader.badLines).toBe(0);
		expect(reader.lines).toBe(1);
	});
});

describe('damaged input', () => {
	it('damaged.ndjson: garbage, truncated, non-object and unknown-type lines are counted in badLines and skipped, the real ones still parse', () => {
		const text = fixture('damaged.ndjson');
		const reader = new EventLineReader();
		let events: DriverEvent[] = [];
		expect(() => {
			events = [...reader.push(text), ...reader.end()];
		}).not.toThrow();
		expect(events.map((e) => (e.type === 'result' ? `result ${e.host} ${e.status}` : e.type))).toEqual([
			'hello',
			'playbook_start',
			'play_start',
			'task_start',
			'result h2 changed',
			'result h1 changed',
			'result h3 changed',
			'stats',
		]);
		// PLAY banner, heartbeat type, [1,2,3], truncated result, status "exploded", null,
		// jsonl result without task, object with neither type nor _event, coloured text.
		expect(reader.badLines).toBe(9);
		// Blank and whitespace-only lines are not lines at all.
		expect(reader.lines).toBe(18);
	});

	it.each([
		['plain text', 'PLAY [First] ****'],
		['a truncated JSON object', '{"v": 1, "type": "result", "host": "h1", "task_id": "02fc'],
		['a JSON array', '[1, 2]'],
		['a JSON string', '"hello"'],
		['JSON null', 'null'],
		['an unknown type', '{"v": 1, "type": "heartbeat"}'],
		['an object with neither type nor _event', '{"event": "x"}'],
		['a result with an unknown status', '{"type": "result", "host": "h1", "task_id": "t", "status": "exploded"}'],
		['a result without a host', '{"type": "result", "task_id": "t", "status": "ok"}'],
		['a task_start without a task id', '{"type": "task_start", "task": {"name": "x"}}'],
		['an item with a host status that is not an item status', '{"type": "item", "host": "h1", "task_id": "t", "status": "unreachable", "item": "a"}'],
		['a jsonl result without hosts', '{"_event": "v2_runner_on_ok", "task": {"id": "t", "name": "x"}}'],
		['a jsonl task start without a task', '{"_event": "v2_playbook_on_task_start"}'],
	])('parseEventLine returns null (never throws) for %s', (_what, line) => {
		expect(parseEventLine(line)).toBeNull();
	});

	it('optional details stay absent when the record lacks them, duration becomes null, and a non-string msg is kept as JSON text', () => {
		const bare = parseEventLine('{"type": "result", "t": 5, "host": "h1", "task_id": "t", "status": "ok"}');
		expect(bare).toEqual([{type: 'result', t: 5, host: 'h1', taskId: 't', status: 'ok', duration: null}]);
		expect(Object.keys(bare![0]!)).not.toContain('msg');
		const listMsg = parseEventLine('{"type": "result", "host": "h1", "task_id": "t", "status": "failed", "msg": ["a", "b"], "rc": null}');
		expect(listMsg?.[0]).toMatchObject({msg: '["a","b"]', rc: null, t: 0});
	});

	it('pause records parse: pause_wait with its reason and detail, paused with the task that did not start and its play', () => {
		const wait = parseEventLine('{"v":1,"type":"pause_wait","t":1,"reason":"handler","detail":"restart service on h1","task":{"id":"t2","name":"next"}}');
		expect(wait).toEqual([{type: 'pause_wait', t: 1, reason: 'handler', detail: 'restart service on h1', task: {id: 't2', name: 'next'}}]);
		const paused = parseEventLine('{"v":1,"type":"paused","t":2,"reason":"play","task":null,"play":{"id":"p","name":"Rolling","strategy":"linear"}}');
		expect(paused).toEqual([{type: 'paused', t: 2, reason: 'play', task: null, play: {id: 'p', name: 'Rolling'}}]);
	});
});

describe('EventLineReader chunking', () => {
	function pushInChunks(text: string, cuts: number[]): {events: DriverEvent[]; badLines: number; lines: number} {
		const reader = new EventLineReader();
		const events: DriverEvent[] = [];
		let at = 0;
		for (const cut of [...cuts, text.length]) {
			events.push(...reader.push(text.slice(at, cut)));
			at = cut;
		}
		events.push(...reader.end());
		return {events, badLines: reader.badLines, lines: reader.lines};
	}

	it('every split point of a small stream gives the same events and counts as one push', () => {
		const text = fixture('fails.ndjson').split('\n').slice(0, 9).join('\n') + '\n';
		const whole = pushInChunks(text, []);
		expect(whole.events).toHaveLength(9);
		for (let cut = 0; cut <= text.length; cut++) expect(pushInChunks(text, [cut]), `split at ${cut}`).toEqual(whole);
	});

	it('every split point of the damaged stream gives the same events and the same badLines', () => {
		const text = fixture('damaged.ndjson');
		const whole = pushInChunks(text, []);
		expect(whole.badLines).toBe(9);
		for (let cut = 0; cut <= text.length; cut++) expect(pushInChunks(text, [cut]), `split at ${cut}`).toEqual(whole);
	});

	it('one character at a time, and at many random multi-way splits, a whole recording parses the same', () => {
		for (const name of ['handler.ndjson', 'handler.jsonl', 'rolling.ndjson']) {
			const text = fixture(name);
			const whole = pushInChunks(text, []);
			expect(whole.events.length).toBeGreaterThan(10);
			const everyChar = Array.from({length: text.length - 1}, (_, i) => i + 1);
			expect(pushInChunks(text, everyChar)).toEqual(whole);
			let seed = 12345;
			const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
			for (let round = 0; round < 50; round++) {
				const cuts = Array.from({length: 1 + Math.floor(random() * 20)}, () => Math.floor(random() * text.length)).sort((x, y) => x - y);
				expect(pushInChunks(text, cuts), `${name} cut at ${cuts.join(',')}`).toEqual(whole);
			}
		}
	});

	it('a push that ends mid-line returns only the complete lines; the rest comes with the next push', () => {
		const [first, second] = fixture('first.ndjson').split('\n');
		const reader = new EventLineReader();
		expect(reader.push(`${first!}\n${second!.slice(0, 30)}`).map((e) => e.type)).toEqual(['hello']);
		expect(reader.push(second!.slice(30))).toEqual([]);
		expect(reader.push('\n').map((e) => e.type)).toEqual(['playbook_start']);
		expect(reader.badLines).toBe(0);
	});

	it('a split inside a surrogate pair of non-ASCII host output is rejoined', () => {
		const line = JSON.stringify({type: 'result', t: 1, host: 'h1', task_id: 't', status: 'failed', msg: 'disk full 💾 ✗ café'});
		const cut = line.indexOf('💾') + 1;
		const reader = new EventLineReader();
		const events = [...reader.push(line.slice(0, cut)), ...reader.push(`${line.slice(cut)}\n`)];
		expect(events).toEqual([expect.objectContaining({msg: 'disk full 💾 ✗ café'})]);
	});

	it('end() parses a final line without a newline; push alone keeps it back', () => {
		const text = fixture('first.ndjson').trimEnd();
		const reader = new EventLineReader();
		const pushed = reader.push(text);
		expect(pushed.at(-1)?.type).toBe('result');
		expect(pushed.some((e) => e.type === 'stats')).toBe(false);
		expect(reader.end().map((e) => e.type)).toEqual(['stats']);
		expect(reader.end()).toEqual([]);
	});

	it('end() counts a truncated final line as bad instead of throwing', () => {
		const reader = new EventLineReader();
		reader.push('{"v": 1, "type": "hello", "t": 1, "ansible_version": "2.14.18", "pid": 7}\n{"v": 1, "type": "sta');
		expect(reader.end()).toEqual([]);
		expect(reader.badLines).toBe(1);
		expect(reader.lines).toBe(2);
	});
});

describe('play_start host_groups', () => {
	it('keeps each host\'s group names and leaves out what is malformed', () => {
		const line = JSON.stringify({v: 1, t: 1, type: 'play_start', play: {id: 'p', name: 'P'}, hosts: ['a', 'b'], host_groups: {a: ['galera_all', 7, 'nodes'], b: 'nodes', c: []}});
		const [event] = parseEventLine(line)!;
		expect(event).toMatchObject({type: 'play_start', hostGroups: {a: ['galera_all', 'nodes'], c: []}});
		expect((event as {hostGroups: Record<string, string[]>}).hostGroups['b']).toBeUndefined();
		const [none] = parseEventLine(JSON.stringify({v: 1, t: 1, type: 'play_start', play: {id: 'p', name: 'P'}, host_groups: 'x'}))!;
		expect(none).not.toHaveProperty('hostGroups');
	});
});

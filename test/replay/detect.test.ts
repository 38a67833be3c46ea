import {execFileSync, spawn} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {EventLineReader, parseEventLine} from '../../source/ansible/parse.js';
import {detectRecording, sniffText, type Recording} from '../../source/replay/detect.js';
import {collect, describeEvents, EVENTS, lineAt, REPLAY} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'replay-detect-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function detect(path: string): Recording {
	const result = detectRecording(path);
	if (!result.ok) throw new Error(result.message);
	return result.recording;
}

function message(path: string): string {
	const result = detectRecording(path);
	if (result.ok) throw new Error(`${path} was detected as ${result.recording.kind}`);
	return result.message;
}

const RUN_DIR = join(REPLAY, 'run-dir');
const RUNNER = join(REPLAY, 'runner');

describe('run directory', () => {
	it('lists every plan step with its state.json status and its latest attempt events file; a step never started has no events', () => {
		const recording = detect(RUN_DIR);
		expect(recording.kind).toBe('run-dir');
		expect(recording.source).toBe(RUN_DIR);
		expect(recording.steps.map((s) => [s.id, s.status, s.file])).toEqual([
			['first', 'done', join(RUN_DIR, 'steps/first/attempt-1.events.ndjson')],
			['fails', 'failed', join(RUN_DIR, 'steps/fails/attempt-2.events.ndjson')],
			['last', 'pending', null],
		]);
	});

	it('state.json given directly is its run directory', () => {
		expect(detect(join(RUN_DIR, 'state.json')).steps.map((s) => s.id)).toEqual(['first', 'fails', 'last']);
	});

	it('streams a step in file order, each offset pointing at the line of its event', async () => {
		const [, fails, last] = detect(RUN_DIR).steps;
		const events = fails!.open();
		const read = await collect(events);
		const file = fails!.file!;
		const reader = new EventLineReader();
		expect(read.map((x) => x.event)).toEqual([...reader.push(readFileSync(file, 'utf8')), ...reader.end()]);
		expect(describeEvents(read).slice(0, 4)).toEqual(['hello', 'playbook_start', 'play_start', 'task_start check cluster state']);
		expect(describeEvents(read)).toContain('result h2 failed');
		expect(read.at(-1)?.event.type).toBe('stats');
		for (const {event, offset} of read) expect(parseEventLine(lineAt(file, offset))).toContainEqual(event);
		expect(events.badLines).toBe(0);
		expect(await collect(last!.open())).toEqual([]);
	});

	it('a run directory moved elsewhere still finds its events (state.json paths point at the old place)', async () => {
		const moved = join(tmp, 'moved-run');
		cpSync(RUN_DIR, moved, {recursive: true});
		const [first] = detect(moved).steps;
		expect(first!.file).toBe(join(moved, 'steps/first/attempt-1.events.ndjson'));
		expect((await collect(first!.open())).length).toBeGreaterThan(5);
	});

	it('a step events file given alone is an events recording named after its step', () => {
		const recording = detect(join(RUN_DIR, 'steps/fails/attempt-1.events.ndjson'));
		expect(recording.kind).toBe('events');
		expect(recording.steps.map((s) => [s.id, s.status])).toEqual([['fails', null]]);
	});
});

describe('event files', () => {
	it('the driver NDJSON stream is "events", ansible.posix.jsonl is "jsonl", both streamed with offsets', async () => {
		for (const [name, kind] of [
			['handler.ndjson', 'events'],
			['handler.jsonl', 'jsonl'],
			['damaged.ndjson', 'events'],
		] as const) {
			const path = join(EVENTS, name);
			const recording = detect(path);
			expect(recording.kind, name).toBe(kind);
			const [step] = recording.steps;
			expect(step!.file).toBe(path);
			const read = await collect(step!.open());
			for (const {event, offset} of read) expect(parseEventLine(lineAt(path, offset))).toContainEqual(event);
		}
	});

	it('jsonl: results carry their task, in the order of the stream', async () => {
		const [step] = detect(join(EVENTS, 'fails.jsonl')).steps;
		expect(describeEvents(await collect(step!.open()))).toEqual([
			'play_start',
			'task_start check cluster state',
			'result h3 changed',
			'result h1 changed',
			'result h2 failed',
			'task_start after the check',
			'result h3 changed',
			'result h1 changed',
			'stats',
		]);
	});

	it('an ansible.posix.json document is "json" with no line file and offsets of -1', async () => {
		const recording = detect(join(REPLAY, 'mixed.posix.json'));
		expect(recording.kind).toBe('json');
		const [step] = recording.steps;
		expect(step!.file).toBeNull();
		const read = await collect(step!.open());
		expect(read.length).toBeGreaterThan(20);
		expect(read.every((x) => x.offset === -1)).toBe(true);
	});

	it('sniffing: stray non-JSON lines before the first event are passed over; a one-line json document is json', () => {
		expect(sniffText('PLAY [x] ****\n{"v": 1, "type": "hello", "t": 1}\n')).toBe('events');
		expect(sniffText('{"plays": [], "stats": {}}')).toBe('json');
		expect(sniffText('{\n    "custom_stats": {},\n    "plays": [\n')).toBe('json');
		expect(sniffText('{"_event": "v2_playbook_on_play_start"}\n')).toBe('jsonl');
		expect(sniffText('[1, 2]\nhello\n')).toBeNull();
		// A partial last line in the sniff window is not judged.
		expect(sniffText('{"source": 1}\n{"v": 1, "type": "hel', false)).toBeNull();
	});
});

describe('ansible-runner artifacts', () => {
	const jobEvents = join(RUNNER, 'artifacts/mixed/job_events');
	for (const [what, path] of [
		['the private_data_dir', RUNNER],
		['the artifacts folder', join(RUNNER, 'artifacts')],
		['the ident folder', join(RUNNER, 'artifacts/mixed')],
		['job_events itself', jobEvents],
	] as const) {
		it(`is found from ${what}`, () => {
			const recording = detect(path);
			expect(recording.kind).toBe('runner');
			expect(recording.steps.map((s) => [s.id, s.name, s.file])).toEqual([['mixed', 'mixed.yml', null]]);
		});
	}

	it('several runs in one artifacts folder are several steps', () => {
		const dir = join(tmp, 'two-runs');
		mkdirSync(join(dir, 'artifacts'), {recursive: true});
		cpSync(join(RUNNER, 'artifacts/mixed'), join(dir, 'artifacts/first'), {recursive: true});
		cpSync(join(RUNNER, 'artifacts/mixed'), join(dir, 'artifacts/second'), {recursive: true});
		expect(detect(dir).steps.map((s) => s.id).sort()).toEqual(['first', 'second']);
	});
});

/**
 * Runs a check that must never open the named pipe. Should it open it (a regression), a writer
 * comes after 2 s and closes it at once: the check then fails on what it read, instead of hanging.
 */
async function failsRatherThanHangs(fifo: string, check: () => unknown): Promise<void> {
	const writer = spawn('sh', ['-c', 'sleep 2; : > "$1"', 'sh', fifo], {stdio: 'ignore'});
	try {
		await check();
	} finally {
		writer.kill('SIGKILL');
	}
}

describe('not a recording', () => {
	it('a missing path, a directory of something else, an empty file and a text file each get a clear message', () => {
		expect(message(join(tmp, 'nope'))).toMatch(/no such file or directory/);
		const dir = join(tmp, 'plain-dir');
		mkdirSync(dir, {recursive: true});
		expect(message(dir)).toMatch(/no state\.json, job_events\/ or artifacts\//);
		const empty = join(tmp, 'empty.ndjson');
		writeFileSync(empty, '\n\n');
		expect(message(empty)).toMatch(/is empty/);
		expect(message(join(REPLAY, 'plan.yml'))).toMatch(/not a recording ansible-driver can replay: expected a run directory/);
	});

	it('a named pipe or a device is refused without opening it (opening a pipe waits for a writer forever)', async () => {
		const fifo = join(tmp, 'pipe.ndjson');
		execFileSync('mkfifo', [fifo]);
		await failsRatherThanHangs(fifo, () => expect(message(fifo)).toBe(`${fifo} is a named pipe (FIFO), not a file: replay reads a recording saved to a file or a run directory; save it to a file first (e.g. cat ${fifo} > run.ndjson) and replay that`));
		expect(message('/dev/zero')).toMatch(/^\/dev\/zero is a device, not a file/);
	});

	it('a named pipe among ansible-runner events is passed over', async () => {
		const copy = join(tmp, 'runner-with-pipe');
		cpSync(RUNNER, copy, {recursive: true});
		const events = await collect(detect(copy).steps[0]!.open());
		const fifo = join(copy, 'artifacts/mixed/job_events/0-pipe.json');
		execFileSync('mkfifo', [fifo]);
		await failsRatherThanHangs(fifo, async () => {
			const recording = detect(copy);
			expect(recording.steps.map((s) => [s.id, s.name])).toEqual([['mixed', 'mixed.yml']]);
			expect(await collect(recording.steps[0]!.open())).toEqual(events);
		});
	});

	it('a run directory whose state.json is broken says so', () => {
		const dir = join(tmp, 'broken-run');
		mkdirSync(dir, {recursive: true});
		writeFileSync(join(dir, 'state.json'), '{"state": ');
		expect(message(dir)).toMatch(/state\.json/);
	});
});

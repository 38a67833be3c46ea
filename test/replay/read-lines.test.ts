import {createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {once} from 'node:events';
import {afterAll, describe, expect, it} from 'vitest';
import {EventLineReader, parseEventLine} from '../../source/ansible/parse.js';
import {EventFile, LineFile} from '../../source/replay/read-lines.js';
import {collect, EVENTS, lineAt, REPLAY} from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'replay-lines-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function write(name: string, content: string | Buffer): string {
	const path = join(tmp, name);
	writeFileSync(path, content);
	return path;
}

describe('LineFile', () => {
	it('gives BYTE offsets with CRLF endings, multi-byte UTF-8, a BOM, blank lines and no final newline, at any chunk size', async () => {
		const text = '\uFEFFfirst é\r\n\r\nsecond 日本語 ✓\nthird 🎉\r\n\n  \nlast without newline';
		const path = write('mixed.txt', text);
		const bytes = Buffer.from(text, 'utf8');
		const expected = [
			{line: 'first é', offset: 0},
			{line: 'second 日本語 ✓', offset: bytes.indexOf('second')},
			{line: 'third 🎉', offset: bytes.indexOf('third')},
			{line: 'last without newline', offset: bytes.indexOf('last')},
		];
		for (const highWaterMark of [1, 2, 3, 5, 7, 64 * 1024]) {
			const file = new LineFile(path, {highWaterMark});
			expect(await collect(file), `chunks of ${highWaterMark}`).toEqual(expected);
			expect(file.lines).toBe(4);
		}
		for (const {line, offset} of expected.slice(1)) expect(lineAt(path, offset)).toBe(line);
	});

	it('skips and counts a line longer than the bound without holding it, and goes on', async () => {
		const path = write('long.txt', `short\n${'x'.repeat(1000)}\nafter\n${'y'.repeat(1000)}`);
		const file = new LineFile(path, {maxLineBytes: 100, highWaterMark: 64});
		expect((await collect(file)).map((l) => l.line)).toEqual(['short', 'after']);
		expect(file.tooLong).toBe(2);
		const events = new EventFile(path, {maxLineBytes: 100, highWaterMark: 64});
		await collect(events);
		expect(events.badLines).toBe(4);
	});
});

describe('EventFile', () => {
	it('damaged.ndjson: unreadable lines are skipped and counted (9, as the live reader counts them), never fatal', async () => {
		const file = new EventFile(join(EVENTS, 'damaged.ndjson'));
		const events = await collect(file);
		expect(events.map((e) => e.event.type)).toEqual(['hello', 'playbook_start', 'play_start', 'task_start', 'result', 'result', 'result', 'stats']);
		expect(file.badLines).toBe(9);
		// The same events as the live reader gives for the whole text.
		const live = new EventLineReader();
		const text = readFileSync(join(EVENTS, 'damaged.ndjson'), 'utf8');
		expect(events.map((e) => e.event)).toEqual([...live.push(text), ...live.end()]);
		// Counters restart with each iteration.
		await collect(file);
		expect(file.badLines).toBe(9);
	});

	for (const name of ['fails.ndjson', 'handler.jsonl', 'rolling.ndjson', 'damaged.ndjson']) {
		it(`${name}: the line at each event's offset parses to that event`, async () => {
			const path = join(EVENTS, name);
			const events = await collect(new EventFile(path));
			expect(events.length).toBeGreaterThan(5);
			for (const {event, offset} of events) expect(parseEventLine(lineAt(path, offset))).toContainEqual(event);
		});
	}

	it('a CRLF copy of a recording gives the same events at its own byte offsets', async () => {
		const original = join(REPLAY, 'run-dir/steps/fails/attempt-2.events.ndjson');
		const crlf = write('crlf.ndjson', readFileSync(original, 'utf8').replace(/\n/g, '\r\n'));
		const a = await collect(new EventFile(original));
		const b = await collect(new EventFile(crlf));
		expect(b.map((x) => x.event)).toEqual(a.map((x) => x.event));
		for (const {event, offset} of b) expect(parseEventLine(lineAt(crlf, offset))).toContainEqual(event);
	});
});

describe('a large recording', () => {
	it('streams 200k result lines (~60 MB) with the heap growing far less than the file', async () => {
		const path = join(tmp, 'large.ndjson');
		const out = createWriteStream(path);
		const header = [
			{v: 1, type: 'hello', t: 1795567040, ansible_version: '2.14.18', pid: 1, python: '3.11.2', pause_mode: 'task'},
			{v: 1, type: 'play_start', t: 1795567040.1, play: {id: 'p1', name: 'Big'}, hosts: []},
		];
		out.write(header.map((h) => JSON.stringify(h)).join('\n') + '\n');
		const total = 200_000;
		const stdout = 'some output of the task that is moderately long '.repeat(4);
		for (let i = 0; i < total; i += 2000) {
			let chunk = '';
			for (let j = i; j < i + 2000; j++) {
				if (j % 100 === 0) chunk += JSON.stringify({v: 1, type: 'task_start', t: 1795567041 + j / 1000, task: {id: `t${j / 100}`, name: `task ${j / 100}`}}) + '\n';
				chunk +=
					JSON.stringify({v: 1, type: 'result', t: 1795567041 + j / 1000, host: `host${j % 100}`, task_id: `t${Math.floor(j / 100)}`, status: j % 7 === 0 ? 'changed' : 'ok', duration: 0.1, msg: '', rc: 0, stdout, stderr: ''}) + '\n';
			}
			if (!out.write(chunk)) await once(out, 'drain');
		}
		out.end();
		await once(out, 'finish');
		const size = statSync(path).size;
		expect(size).toBeGreaterThan(55 * 1024 * 1024);

		const before = process.memoryUsage().heapUsed;
		let peak = before;
		let results = 0;
		let lastOffset = -1;
		let ordered = true;
		const file = new EventFile(path);
		for await (const {event, offset} of file) {
			if (event.type === 'result') results++;
			if (offset <= lastOffset) ordered = false;
			lastOffset = offset;
			if (results % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
		}
		expect(results).toBe(total);
		expect(ordered).toBe(true);
		expect(file.badLines).toBe(0);
		const growth = peak - before;
		expect(growth, `heap grew ${Math.round(growth / 1e6)} MB for a ${Math.round(size / 1e6)} MB file`).toBeLessThan(50 * 1024 * 1024);
		expect(JSON.parse(lineAt(path, lastOffset))).toMatchObject({type: 'result', host: 'host99'});
	}, 30_000);
});

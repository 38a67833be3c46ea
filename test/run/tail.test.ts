import {appendFileSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {LineTail, readRange, tailLines} from '../../source/run/tail.js';

it('follows a growing file: whole lines only, byte offsets that read the same line back, UTF-8 split anywhere', () => {
	const file = join(mkdtempSync(join(tmpdir(), 'tail-')), 'events.ndjson');
	const text = '{"a":"é"}\n{"b":"日本"}\n{"c":1}\n';
	const bytes = Buffer.from(text);
	writeFileSync(file, '');
	const tail = new LineTail(file);
	const seen: Array<{line: string; offset: number}> = [];
	for (let i = 0; i < bytes.length; i += 3) {
		appendFileSync(file, bytes.subarray(i, i + 3));
		seen.push(...tail.readLines());
	}
	expect(seen.map((l) => l.line)).toEqual(['{"a":"é"}', '{"b":"日本"}', '{"c":1}']);
	for (const {line, offset} of seen) expect(readRange(file, offset, offset + Buffer.byteLength(line))).toBe(line);
});

it('readEvents counts unreadable lines and keeps going', () => {
	const file = join(mkdtempSync(join(tmpdir(), 'tail-')), 'events.ndjson');
	writeFileSync(file, '{"v":1,"type":"playbook_start","t":1,"playbook":"x.yml"}\nnot json\n{"v":1,"type":"task_start","t":2,"task":{"id":"t1","name":"one"}}\n');
	const tail = new LineTail(file);
	expect(tail.readEvents().map((e) => e.event.type)).toEqual(['playbook_start', 'task_start']);
	expect(tail.badLines).toBe(1);
});

it('tailLines returns the last lines of a log', () => {
	const file = join(mkdtempSync(join(tmpdir(), 'tail-')), 'a.log');
	writeFileSync(file, Array.from({length: 100}, (_, i) => `line ${i}`).join('\n') + '\n');
	expect(tailLines(file, 3)).toEqual(['line 97', 'line 98', 'line 99']);
	expect(tailLines(file, 2, 20)).toEqual(['line 98', 'line 99']);
});

import {describe, expect, it} from 'vitest';
import {readCellDetail} from '../../source/matrix/detail.js';
import {fixtureBytes, line, load, reader} from './stream.js';

describe('cell detail read back by byte offset', () => {
	it('reads the failed host message, rc, stderr and duration (ndjson)', () => {
		const bytes = fixtureBytes('fails.ndjson');
		const m = load(bytes);
		const d = readCellDetail(reader(bytes), m, 0, m.hostIndex.get('h2')!);
		expect(d).toMatchObject({host: 'h2', task: 'check cluster state', status: 'failed', msg: 'non-zero return code', rc: 3, stderr: 'wsrep not Synced'});
		expect(d.duration).toBeCloseTo(0.413, 2);
	});

	it('reads the same cell from ansible.posix.jsonl', () => {
		const bytes = fixtureBytes('fails.jsonl');
		const m = load(bytes);
		const d = readCellDetail(reader(bytes), m, 0, m.hostIndex.get('h2')!);
		expect(d.status).toBe('failed');
		expect(d.rc).toBe(3);
		expect(d.stderr).toBe('wsrep not Synced');
		expect(d.duration).not.toBeNull();
	});

	it('keeps only this host and task among interleaved lines, with items and retries', () => {
		const text =
			line('play_start', {play: {id: 'p', name: 'P'}, hosts: ['a', 'b']}) +
			line('task_start', {task: {id: 't', name: 'wait for galera — ünïcode'}}) +
			line('host_start', {host: 'a', task_id: 't'}) +
			line('host_start', {host: 'b', task_id: 't'}) +
			line('retry', {host: 'a', task_id: 't', attempts: 1, retries: 5, msg: 'not yet ✗'}) +
			line('item', {host: 'b', task_id: 't', status: 'ok', item: 'other host'}) +
			line('item', {host: 'a', task_id: 't', status: 'changed', item: 'bäcon'}) +
			line('result', {host: 'b', task_id: 't', status: 'ok', msg: 'b done'}) +
			line('result', {host: 'a', task_id: 't', status: 'changed', msg: 'a done', stdout: 'ok ✓'}) +
			line('stats', {hosts: {}});
		const bytes = Buffer.from(text);
		const m = load(bytes);
		const d = readCellDetail(reader(bytes), m, 0, 0);
		expect(d.msg).toBe('a done');
		expect(d.stdout).toBe('ok ✓');
		expect(d.items).toEqual([{item: 'bäcon', status: 'changed'}]);
		expect(d.retries).toEqual([{attempts: 1, retries: 5, msg: 'not yet ✗'}]);
		expect(readCellDetail(reader(bytes), m, 0, 1).items).toEqual([{item: 'other host', status: 'ok'}]);
	});

	it('reads a running cell up to the last complete line', () => {
		const text =
			line('task_start', {task: {id: 't', name: 'slow'}}) +
			line('host_start', {host: 'a', task_id: 't'}) +
			line('retry', {host: 'a', task_id: 't', attempts: 2, retries: 60}) +
			'{"v": 1, "type": "retry", "host": "a", "task_id": "t", "att';
		const bytes = Buffer.from(text);
		const m = load(bytes);
		const d = readCellDetail(reader(bytes), m, 0, 0);
		expect(d.status).toBe('running');
		expect(d.retries).toEqual([{attempts: 2, retries: 60, msg: null}]);
		expect(d.msg).toBeNull();
	});

	it('returns an empty detail for a cell that never ran', () => {
		const bytes = fixtureBytes('fails.ndjson');
		const m = load(bytes);
		let reads = 0;
		const d = readCellDetail(() => (reads++, ''), m, 1, m.hostIndex.get('h2')!);
		expect(d).toMatchObject({host: 'h2', task: 'after the check', status: 'none', msg: null, items: []});
		expect(reads).toBe(0);
	});
});

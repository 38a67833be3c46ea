import {describe, expect, it} from 'vitest';
import {applyMatrixEvent, cellStatus, firstFailure, newMatrix} from '../../source/matrix/reducer.js';
import {fixtureBytes, line, load, picture} from './stream.js';

describe('matrix reducer on recorded streams', () => {
	it('builds rows per task and columns per play host, with the failed cell (ndjson)', () => {
		const m = load(fixtureBytes('fails.ndjson'));
		expect(m.hosts).toEqual(['h1', 'h2', 'h3']);
		expect(m.plays).toEqual(['Fails']);
		expect(picture(m)).toEqual([
			'check cluster state: changed failed changed',
			'after the check: changed none changed',
		]);
		expect(m.currentRow).toBe(1);
		expect(m.finished).toBe(true);
		expect(firstFailure(m)).toEqual({row: 0, col: 1});
	});

	it('gives the same picture from ansible.posix.jsonl, whose results carry the task', () => {
		const m = load(fixtureBytes('fails.jsonl'));
		expect([...m.hosts].sort()).toEqual(['h1', 'h2', 'h3']);
		const h2 = m.hostIndex.get('h2')!;
		expect(cellStatus(m, 0, h2)).toBe('failed');
		expect(m.tasks.map((t) => t.name)).toEqual(['check cluster state', 'after the check']);
		expect(m.finished).toBe(true);
	});

	it('keeps one row per task across serial batches, hosts added batch by batch', () => {
		const m = load(fixtureBytes('rolling.ndjson'));
		expect(m.hosts).toEqual(['h1', 'h2', 'h3']);
		expect(picture(m)).toEqual(['rolling stop: changed changed changed', 'rolling start: changed changed changed']);
		expect(m.plays).toHaveLength(3);
	});

	it('shows handlers as rows of their own and meta tasks as empty rows', () => {
		const m = load(fixtureBytes('handler.ndjson'));
		expect(m.tasks.map((t) => t.name)).toEqual(['handler task one notifies', 'handler task two', 'flush', 'restart service', 'handler task three']);
		expect(picture(m)[2]).toBe('flush: none none none');
		const jsonl = load(fixtureBytes('handler.jsonl'));
		expect(jsonl.tasks.find((t) => t.name === 'restart service')?.handler).toBe(true);
	});

	it('survives a damaged stream: bad lines counted, good ones applied', () => {
		const m = load(fixtureBytes('damaged.ndjson'));
		expect(m.badLines).toBeGreaterThan(0);
		expect(m.hosts.slice(0, 3)).toEqual(['h1', 'h2', 'h3']);
		expect(m.finished).toBe(true);
	});
});

describe('matrix reducer rules', () => {
	it('marks a started host running and keeps its start and result offsets', () => {
		const m = newMatrix();
		applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'P'}, hosts: ['a', 'b']}, 0);
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: 't1', name: 'one'}}, 10);
		applyMatrixEvent(m, {type: 'host_start', t: 0, host: 'a', taskId: 't1'}, 20);
		expect(cellStatus(m, 0, 0)).toBe('running');
		expect(cellStatus(m, 0, 1)).toBe('none');
		applyMatrixEvent(m, {type: 'item', t: 0, host: 'a', taskId: 't1', status: 'ok', item: 'x'}, 30);
		applyMatrixEvent(m, {type: 'retry', t: 0, host: 'a', taskId: 't1', attempts: 1, retries: 3}, 40);
		applyMatrixEvent(m, {type: 'result', t: 0, host: 'a', taskId: 't1', status: 'ok'}, 50);
		expect(cellStatus(m, 0, 0)).toBe('ok');
		expect(m.startOffsets[0]![0]).toBe(20);
		expect(m.resultOffsets[0]![0]).toBe(50);
		expect(m.extras[0]![0]).toBe(2);
		expect(m.tasks[0]!.play).toBe('P');
		// The recap does not change any cell.
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: 't2', name: 'two'}}, 60);
		applyMatrixEvent(m, {type: 'host_start', t: 0, host: 'b', taskId: 't2'}, 70);
		applyMatrixEvent(m, {type: 'stats', t: 0, hosts: {}}, 80);
		expect(m.finished).toBe(true);
		expect(cellStatus(m, 1, 1)).toBe('running');
	});

	it('creates the row of a result whose task never started, and makes it current', () => {
		const m = newMatrix();
		applyMatrixEvent(m, {type: 'result', t: 0, host: 'x', taskId: 'q', task: {id: 'q', name: 'quiet'}, status: 'skipped'}, 5);
		expect(m.tasks[0]!.name).toBe('quiet');
		expect(m.currentRow).toBe(0);
		expect(m.startOffsets[0]![0]).toBe(5);
		expect(cellStatus(m, 0, 0)).toBe('skipped');
	});

	it('grows every row when hosts are added, keeping earlier cells (500 hosts)', () => {
		const m = newMatrix();
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: 't1', name: 'one'}}, 0);
		applyMatrixEvent(m, {type: 'result', t: 0, host: 'h0', taskId: 't1', status: 'failed'}, 1);
		for (let i = 1; i < 500; i++) applyMatrixEvent(m, {type: 'result', t: 0, host: `h${i}`, taskId: 't1', status: 'ok'}, i + 1);
		expect(m.hosts).toHaveLength(500);
		expect(m.cells[0]!.length).toBeGreaterThanOrEqual(500);
		expect(m.cells[0]!.length).toBeLessThan(1100);
		expect(cellStatus(m, 0, 0)).toBe('failed');
		expect(cellStatus(m, 0, 499)).toBe('ok');
		expect(m.resultOffsets[0]![499]).toBe(500);
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: 't2', name: 'two'}}, 0);
		expect(m.cells[1]!.length).toBe(m.cells[0]!.length);
		expect(m.startOffsets[1]![499]).toBe(-1);
	});

	it('reads a stream with items and retries line by line', () => {
		const text =
			line('play_start', {play: {id: 'p', name: 'P'}, hosts: ['a']}) +
			line('task_start', {task: {id: 't', name: 'loop'}}) +
			line('host_start', {host: 'a', task_id: 't'}) +
			line('item', {host: 'a', task_id: 't', status: 'ok', item: 'one'}) +
			line('item', {host: 'a', task_id: 't', status: 'failed', item: 'two'}) +
			line('result', {host: 'a', task_id: 't', status: 'failed'});
		const m = load(Buffer.from(text));
		expect(m.extras[0]![0]).toBe(2);
		expect(cellStatus(m, 0, 0)).toBe('failed');
	});
});

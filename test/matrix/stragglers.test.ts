// The running task's stragglers: who still runs it, for how long, longest first.
import {describe, expect, it} from 'vitest';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import {stragglers} from '../../source/matrix/stragglers.js';

function model() {
	const m = newMatrix();
	applyMatrixEvent(m, {type: 'play_start', t: 100, play: {id: 'p', name: 'Install galera'}, hosts: ['g1', 'g2', 'g3', 'c1']}, 0);
	applyMatrixEvent(m, {type: 'task_start', t: 100, task: {id: 't1', name: 'wait for wsrep Synced'}}, 0);
	applyMatrixEvent(m, {type: 'host_start', t: 100, host: 'g1', taskId: 't1'}, 0);
	applyMatrixEvent(m, {type: 'host_start', t: 110, host: 'g2', taskId: 't1'}, 0);
	applyMatrixEvent(m, {type: 'host_start', t: 105, host: 'g3', taskId: 't1'}, 0);
	applyMatrixEvent(m, {type: 'host_start', t: 100, host: 'c1', taskId: 't1'}, 0);
	return m;
}

describe('stragglers', () => {
	it('lists the hosts still on the running task, longest first, and how many finished it', () => {
		const m = model();
		applyMatrixEvent(m, {type: 'result', t: 120, host: 'c1', taskId: 't1', status: 'ok'}, 0);
		expect(stragglers(m, 352)).toEqual({
			task: 'wait for wsrep Synced',
			hosts: [
				{host: 'g1', forMs: 252_000},
				{host: 'g3', forMs: 247_000},
				{host: 'g2', forMs: 242_000},
			],
			finished: 1,
		});
	});

	it('forgets a host once its result came, and says nothing once none runs or the recap came', () => {
		const m = model();
		for (const host of ['g1', 'g2', 'g3']) applyMatrixEvent(m, {type: 'result', t: 130, host, taskId: 't1', status: 'ok'}, 0);
		expect(stragglers(m, 200)?.hosts.map((h) => h.host)).toEqual(['c1']);
		applyMatrixEvent(m, {type: 'result', t: 131, host: 'c1', taskId: 't1', status: 'changed'}, 0);
		expect(stragglers(m, 200)).toBeNull();
		expect(m.runningSince.size).toBe(0);
		const recap = model();
		applyMatrixEvent(recap, {type: 'stats', t: 140, hosts: {}}, 0);
		expect(stragglers(recap, 200)).toBeNull();
	});
});

describe('failed cells', () => {
	it('are counted as results come and go, so a step without one is answered without a scan', async () => {
		const {failedCells, firstFailure} = await import('../../source/matrix/reducer.js');
		const m = model();
		expect(m.failedCount).toBe(0);
		expect(firstFailure(m)).toBeNull();
		applyMatrixEvent(m, {type: 'result', t: 120, host: 'g2', taskId: 't1', status: 'failed'}, 0);
		applyMatrixEvent(m, {type: 'result', t: 121, host: 'c1', taskId: 't1', status: 'unreachable'}, 0);
		expect(m.failedCount).toBe(2);
		expect(failedCells(m)).toEqual([
			{row: 0, col: 1},
			{row: 0, col: 3},
		]);
		// The same cell again (a serial batch repeating the task): it counts once, by its last status.
		applyMatrixEvent(m, {type: 'host_start', t: 130, host: 'g2', taskId: 't1'}, 0);
		applyMatrixEvent(m, {type: 'result', t: 131, host: 'g2', taskId: 't1', status: 'ok'}, 0);
		expect(m.failedCount).toBe(1);
		expect(firstFailure(m)).toEqual({row: 0, col: 3});
	});
});

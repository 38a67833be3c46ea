import {describe, expect, it} from 'vitest';
import {groupColumns} from '../../source/matrix/group.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import type {HostStatus} from '../../source/ansible/events.js';

describe('groupColumns', () => {
	function matrix(statuses: HostStatus[][]) {
		const m = newMatrix();
		statuses.forEach((row, r) => {
			applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: `t${r}`, name: `task ${r}`}}, 0);
			row.forEach((status, c) => applyMatrixEvent(m, {type: 'result', t: 0, host: `h${c}`, taskId: `t${r}`, status}, 0));
		});
		return m;
	}

	it('folds columns identical over the rows, in first-appearance order', () => {
		const m = matrix([
			['ok', 'ok', 'failed', 'ok'],
			['changed', 'skipped', 'ok', 'changed'],
		]);
		expect(groupColumns(m, [0, 1])).toEqual([
			{hosts: [0, 3], label: '×2'},
			{hosts: [1], label: 'h1'},
			{hosts: [2], label: 'h2'},
		]);
		// Over the first row only, h1 looks like h0 and h3.
		expect(groupColumns(m, [0]).map((g) => g.hosts)).toEqual([[0, 1, 3], [2]]);
	});

	it('fits 500 hosts into a handful of columns', () => {
		const row = Array.from({length: 500}, (_, i): HostStatus => (i === 250 ? 'failed' : i % 2 ? 'ok' : 'changed'));
		const groups = groupColumns(matrix([row, row]), [0, 1]);
		expect(groups.map((g) => g.hosts.length)).toEqual([249, 250, 1]);
		expect(groups[2]!.label).toBe('h250');
	});
});

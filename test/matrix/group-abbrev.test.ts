import {describe, expect, it} from 'vitest';
import {abbreviateHosts} from '../../source/matrix/abbrev.js';
import {groupColumns} from '../../source/matrix/group.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import type {HostStatus} from '../../source/ansible/events.js';

const services = [
	'cinder_api', 'cinder_scheduler', 'galera', 'glance', 'heat_api', 'heat_engine', 'horizon', 'keystone',
	'memcached', 'neutron_server', 'neutron_agents', 'nova_api_os_compute', 'nova_api_metadata', 'nova_conductor',
	'nova_scheduler', 'nova_console', 'placement', 'rabbit_mq', 'repo', 'utility', 'rsyslog', 'swift_proxy',
];

function hex(i: number): string {
	return ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
}

/** An AIO-like inventory: the host itself and ~40 containers, a few services twice. */
function aio(): string[] {
	const names = ['aio1'];
	services.forEach((s, i) => names.push(`aio1_${s}_container-${hex(i)}`));
	services.slice(0, 17).forEach((s, i) => names.push(`aio1_${s}_container-${hex(i + 100)}`));
	return names;
}

function checkLabels(labels: string[], names: string[], width: number): void {
	expect(labels).toHaveLength(names.length);
	for (const l of labels) expect(Array.from(l).length).toBeLessThanOrEqual(width);
	expect(new Set(labels).size).toBe(labels.length);
}

describe('abbreviateHosts', () => {
	it('keeps names that already fit', () => {
		expect(abbreviateHosts(['h1', 'h2', 'h3'], 8)).toEqual(['h1', 'h2', 'h3']);
	});

	it('drops the common prefix and the container suffix, keeping hex only where needed', () => {
		const names = ['aio1', 'aio1_galera_container-2ea7a8b6', 'aio1_galera_container-91c0ffee', 'aio1_keystone_container-0b1c2d3e'];
		expect(abbreviateHosts(names, 12)).toEqual(['aio1', 'galera-2e', 'galera-91', 'keystone']);
	});

	it('gives an AIO inventory of 40 hosts unique labels that stay readable', () => {
		const names = aio();
		expect(names.length).toBeGreaterThanOrEqual(40);
		for (const width of [3, 4, 6, 10]) checkLabels(abbreviateHosts(names, width), names, width);
		const wide = abbreviateHosts(names, 14);
		checkLabels(wide, names, 14);
		expect(wide).toContain('repo');
		expect(wide.filter((l) => l.startsWith('galera'))).toHaveLength(2);
		const ten = abbreviateHosts(names, 10);
		expect(ten.filter((l) => /^galera-[0-9a-f]{2}$/.test(l))).toHaveLength(2);
		expect(ten).toContain('rabbit_mq');
		expect(abbreviateHosts(names, 4)).toEqual(expect.arrayContaining(['aio1', 'gal1', 'gal2', 'repo']));
	});

	it('labels 500 numbered hosts by their numbers', () => {
		const names = Array.from({length: 500}, (_, i) => `compute${String(i + 1).padStart(3, '0')}.example.net`);
		const labels = abbreviateHosts(names, 4);
		checkLabels(labels, names, 4);
		expect(labels[41]).toBe('042');
	});

	it('strips control sequences from names', () => {
		expect(abbreviateHosts(['\u001b[31mevil\u001b[0m\u0007host'], 20)).toEqual(['evilhost']);
	});
});

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
		expect(groupColumns(m, 0, 2)).toEqual([
			{hosts: [0, 3], label: '×2'},
			{hosts: [1], label: 'h1'},
			{hosts: [2], label: 'h2'},
		]);
		// Over the first row only, h1 looks like h0 and h3.
		expect(groupColumns(m, 0, 1).map((g) => g.hosts)).toEqual([[0, 1, 3], [2]]);
	});

	it('fits 500 hosts into a handful of columns', () => {
		const row = Array.from({length: 500}, (_, i): HostStatus => (i === 250 ? 'failed' : i % 2 ? 'ok' : 'changed'));
		const groups = groupColumns(matrix([row, row]), 0, 2);
		expect(groups.map((g) => g.hosts.length)).toEqual([249, 250, 1]);
		expect(groups[2]!.label).toBe('h250');
	});
});

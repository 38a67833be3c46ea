import {describe, expect, it} from 'vitest';
import {bandNames, hostBands} from '../../source/matrix/bands.js';
import {hostLabels, labelMax} from '../../source/matrix/labels.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';

describe('hostLabels', () => {
	it('leads with the service, then the infra host when several run it, then hex when one host runs two', () => {
		const hosts = [
			'infra1_galera_container-2ea7a8b6',
			'infra2_galera_container-3c6ef362',
			'infra3_galera_container-daa66d13',
			'infra1_keystone_container-0a1b2c3d',
			'infra1_rabbit_mq_container-e9a0c1d2',
			'infra1_rabbit_mq_container-e9b5f0a1',
			'infra2_rabbit_mq_container-11111111',
			'infra1',
		];
		expect(hostLabels(hosts)).toEqual(['galera@1', 'galera@2', 'galera@3', 'keystone', 'rabbit_…@1-e9a', 'rabbit_…@1-e9b', 'rabbit_mq@2', 'infra1']);
	});

	it('drops a domain every name shares, cuts long labels in the middle, keeps them unique', () => {
		expect(hostLabels(['db1.example.com', 'db2.example.com'])).toEqual(['db1', 'db2']);
		const long = hostLabels(['aio1_nova_api_os_compute_container-12345678', 'aio1_nova_api_metadata_container-9abcdef0']);
		expect(long.every((l) => Array.from(l).length <= labelMax)).toBe(true);
		expect(new Set(long).size).toBe(2);
		expect(long[0]).toMatch(/^nova_api_/);
	});

	it('an all-in-one with some services twice: every label unique and short, the hex only where a service repeats', () => {
		const services = ['cinder_api', 'galera', 'glance', 'keystone', 'nova_api_os_compute', 'nova_api_metadata', 'rabbit_mq', 'repo'];
		const names = ['aio1', ...services.map((s, i) => `aio1_${s}_container-${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}`), 'aio1_galera_container-deadbeef'];
		const labels = hostLabels(names);
		expect(new Set(labels).size).toBe(labels.length);
		for (const l of labels) expect(Array.from(l).length).toBeLessThanOrEqual(labelMax);
		expect(labels[1]).toBe('cinder_api');
		expect(labels[2]).toMatch(/^galera-[0-9a-f]{2,}$/);
		expect(labels.at(-1)).toMatch(/^galera-de/);
	});

	it('never shows control characters from a host name', () => {
		expect(hostLabels(['evil\x1b[31mhost', 'ok'])[0]).not.toContain('\x1b');
	});
});

describe('bands', () => {
	it("bands each host by its smallest group of more than one host (and not all), by name among equals", () => {
		const m = newMatrix();
		const groups = {
			a1: ['galera_container', 'galera_all', 'shared-infra_all', 'all_containers'],
			a2: ['galera_container', 'galera_all', 'shared-infra_all', 'all_containers'],
			b1: ['keystone_all', 'os-infra_all', 'all_containers'],
			b2: ['keystone_all', 'os-infra_all', 'all_containers'],
			lone: ['lone_group', 'all_containers'],
		};
		applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'p'}, hosts: ['a1', 'b1', 'a2', 'b2', 'lone', 'nogroups'], hostGroups: groups}, 0);
		// lone's own group holds one host; all_containers holds 5 of the 6.
		expect(bandNames(m)).toEqual(['galera_all', 'keystone_all', 'galera_all', 'keystone_all', 'all_containers', '']);
		expect(hostBands(m, [0, 1, 2, 3, 4, 5]).map((b) => [b.name, b.hosts])).toEqual([
			['galera_all', [0, 2]],
			['keystone_all', [1, 3]],
			['all_containers', [4]],
			['', [5]],
		]);
	});
});

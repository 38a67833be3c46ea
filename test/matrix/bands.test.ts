// The band rules (B): inventory group, name prefix, none.
import {describe, expect, it} from 'vitest';
import {bandNames, hostBands, namePrefix, nextBandRule} from '../../source/matrix/bands.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';

function model(hosts: string[], hostGroups?: Record<string, string[]>) {
	const m = newMatrix();
	applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'play'}, hosts, ...(hostGroups ? {hostGroups} : {})}, 0);
	return m;
}

const all = (n: number) => Array.from({length: n}, (_v, i) => i);

describe('band rules', () => {
	const hosts = ['web01', 'web02', 'db-1', 'db-2', 'lb1', '10.0.0.9'];
	const groups = {web01: ['nodes', 'web_all'], web02: ['nodes', 'web_all'], 'db-1': ['nodes', 'galera_all', 'db_all'], 'db-2': ['nodes', 'galera_all', 'db_all'], lb1: ['nodes'], '10.0.0.9': ['nodes']};

	it('group: the smallest group of more than one host and not all, the first by name among equals', () => {
		expect(bandNames(model(hosts, groups), 'group')).toEqual(['web_all', 'web_all', 'db_all', 'db_all', '', '']);
	});

	it('prefix: the name up to its first digit or separator; a prefix of one host, or of all, bands nothing', () => {
		expect(hosts.map(namePrefix)).toEqual(['web', 'web', 'db', 'db', 'lb', '']);
		expect(bandNames(model(hosts), 'prefix')).toEqual(['web', 'web', 'db', 'db', '', '']);
		expect(bandNames(model(['h1', 'h2', 'h3']), 'prefix')).toEqual(['', '', '']);
		expect(namePrefix('infra1_galera_container-3c6ef362')).toBe('infra');
		expect(namePrefix('controller.example.com')).toBe('controller');
	});

	it('none: one unnamed band; group with no groups known: the same', () => {
		expect(hostBands(model(hosts, groups), all(6), 'none')).toEqual([{name: '', hosts: all(6)}]);
		expect(hostBands(model(hosts), all(6), 'group')).toEqual([{name: '', hosts: all(6)}]);
	});

	it('the same model answers each rule (no rule is served the bands of another)', () => {
		const m = model(hosts, groups);
		expect(hostBands(m, all(6), 'group').map((b) => b.name)).toEqual(['web_all', 'db_all', '']);
		expect(hostBands(m, all(6), 'prefix').map((b) => b.name)).toEqual(['web', 'db', '']);
		expect(hostBands(m, all(6), 'group').map((b) => b.name)).toEqual(['web_all', 'db_all', '']);
	});

	it('B cycles group, prefix, none; group only when groups are known', () => {
		expect([nextBandRule('group', true), nextBandRule('prefix', true), nextBandRule('none', true)]).toEqual(['prefix', 'none', 'group']);
		expect([nextBandRule('group', false), nextBandRule('prefix', false), nextBandRule('none', false)]).toEqual(['prefix', 'none', 'prefix']);
	});
});

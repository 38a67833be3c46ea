// The groups an inventory gives hosts, from what `ansible-inventory --list` prints, set on a
// replay's columns as they appear.
import {describe, expect, it} from 'vitest';
import {applyHostGroups, inventoryHostGroups} from '../../source/matrix/bands-inventory.js';
import {bandNames} from '../../source/matrix/bands.js';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';

function model(hosts: string[]) {
	const m = newMatrix();
	applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'play'}, hosts}, 0);
	return m;
}

describe('inventory groups', () => {
	// The shape ansible-inventory --list prints (ansible-core 2.14): children name groups, _meta has the vars.
	const list = {
		_meta: {hostvars: {h1: {ansible_connection: 'local'}}},
		all: {children: ['ungrouped', 'nodes']},
		nodes: {children: ['galera_all', 'rabbitmq_all']},
		galera_all: {hosts: ['h1', 'h2']},
		rabbitmq_all: {hosts: ['h3', 'h4']},
		ungrouped: {hosts: ['lonely']},
	};

	it('each host has every group it is in, through child groups too, but all and ungrouped', () => {
		const groups = inventoryHostGroups(list);
		expect(Object.fromEntries(groups)).toEqual({h1: ['galera_all', 'nodes'], h2: ['galera_all', 'nodes'], h3: ['nodes', 'rabbitmq_all'], h4: ['nodes', 'rabbitmq_all']});
		expect(inventoryHostGroups('not json').size).toBe(0);
		// A circle (ansible refuses one) ends instead of looping.
		expect(inventoryHostGroups({a: {hosts: ['x'], children: ['b']}, b: {children: ['a']}}).get('x')).toEqual(['a', 'b']);
	});

	it('set on the columns as hosts appear, they band them by group', () => {
		const groups = inventoryHostGroups(list);
		const m = model(['h1', 'h2']);
		let done = applyHostGroups(m, groups, 0);
		applyMatrixEvent(m, {type: 'play_start', t: 1, play: {id: 'q', name: 'more'}, hosts: ['h3', 'h4', 'stranger']}, 0);
		done = applyHostGroups(m, groups, done);
		expect(done).toBe(5);
		expect(bandNames(m, 'group')).toEqual(['galera_all', 'galera_all', 'rabbitmq_all', 'rabbitmq_all', '']);
	});
});

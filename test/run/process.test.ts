// The process facts an abort relies on, from a made-up process table.
import {describe, expect, it} from 'vitest';
import {descendantGroups, liveGroups, type ProcessEntry} from '../../source/run/process.js';

const p = (pid: number, ppid: number, pgid: number, zombie = false): ProcessEntry => ({pid, ppid, pgid, zombie});

// ansible-playbook 100 (group 100) with a 2.14-style worker in its group, two 2.19-style workers
// in groups of their own (one with a task below it), and an unrelated process.
const table = [p(1, 0, 1), p(100, 1, 100), p(101, 100, 100), p(102, 100, 102), p(103, 100, 103), p(104, 103, 103), p(200, 1, 200)];

describe('descendantGroups', () => {
	it("names the groups of a process's descendants other than its own", () => {
		expect(descendantGroups(table, 100).sort()).toEqual([102, 103]);
	});

	it('finds a group however deep it starts, and nothing for a process without children', () => {
		expect(descendantGroups([...table, p(105, 104, 105)], 100).sort()).toEqual([102, 103, 105]);
		expect(descendantGroups(table, 200)).toEqual([]);
	});
});

describe('liveGroups', () => {
	it('leaves out a group whose members are all zombies (an init that never reaps keeps them)', () => {
		const groups = liveGroups([p(1, 0, 1), p(102, 1, 102, true), p(103, 1, 103, true), p(104, 1, 103)]);
		expect(groups.has(102)).toBe(false);
		expect(groups.has(103)).toBe(true);
	});
});

// Stragglers on screen: the footer names the hosts the running task waits on, longest first,
// and a running cell's detail says how long that host has been on the task.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import {waitingWords} from '../../source/ui/components/waiting.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import type {ViewerData, Waiting} from '../../source/ui/types.js';
import {data, lines, osaSteps, run, syntheticMatrix} from './data.js';

const hosts = ['infra1_galera_container-2ea7a8b6', 'infra2_galera_container-19f0c3d1', 'infra3_galera_container-7c1e22aa', 'compute1'];
const waiting: Waiting = {
	task: 'task number 3',
	hosts: [
		{host: hosts[0]!, forMs: 252_000},
		{host: hosts[2]!, forMs: 61_000},
	],
	finished: 2,
};

function screen(w: Waiting | null, width: number): ViewerData {
	const m = syntheticMatrix(hosts, 3, (r, c) => (r < 2 ? 'ok' : c === 0 || c === 2 ? 'running' : 'ok'));
	return data(run(osaSteps()), {matrix: m, waiting: w});
}

describe('waiting on stragglers', () => {
	it.each([80, 120, 200])('at %i columns the footer names the slowest hosts of the running task', (width) => {
		const frame = lines(render(<Screen data={screen(waiting, width)} ui={initialUiState()} width={width} height={24} />).lastFrame());
		const info = frame.at(-1)!;
		expect(info).toMatch(/waiting on (infra1_galera_container-2ea7a8b6 4m12s|2 hosts, the longest 4m12s)/);
		if (width >= 200) expect(info).toContain('infra1_galera_container-2ea7a8b6 4m12s, infra3_galera_container-7c1e22aa 1m01s');
	});

	it('while pausing at 80 columns the task the pause waits for comes first, whole; the hosts after', () => {
		const name = 'Wait for the replicated cluster to settle';
		const d = screen(waiting, 80);
		d.run = {...d.run, status: 'pausing', waitingFor: `task "${name}" to finish on every host`};
		const info = lines(render(<Screen data={d} ui={initialUiState()} width={80} height={24} />).lastFrame()).at(-1)!;
		expect(info).toMatch(new RegExp(`^pausing: waiting for task "${name}"`));
	});

	it('says nothing while every host is on a task that just started', () => {
		const fresh: Waiting = {task: 'task number 3', hosts: [{host: 'compute1', forMs: 3000}], finished: 0};
		const info = lines(render(<Screen data={screen(fresh, 120)} ui={initialUiState()} width={120} height={24} />).lastFrame()).at(-1)!;
		expect(info).not.toContain('waiting on');
	});

	it('the detail of a running cell says how long its host has run the task', () => {
		const frame = lines(render(<Screen data={screen(waiting, 120)} ui={initialUiState()} width={120} height={30} />).lastFrame()).join('\n');
		// Following the running task: its first running cell, infra1's.
		expect(frame).toContain('running for 4m12s');
	});

	it('fits the words to the room: fewer names, then a count', () => {
		expect(waitingWords(waiting)).toBe('waiting on infra1_galera_container-2ea7a8b6 4m12s, infra3_galera_container-7c1e22aa 1m01s');
		expect(waitingWords(waiting, 60)).toBe('waiting on infra1_galera_container-2ea7a8b6 4m12s and 1 more');
		// One host whose name does not fit: counted in the singular.
		expect(waitingWords({...waiting, hosts: waiting.hosts.slice(0, 1)}, 30)).toBe('waiting on 1 host for 4m12s');
		expect(waitingWords(waiting, 40)).toBe('waiting on 2 hosts, the longest 4m12s');
	});
});

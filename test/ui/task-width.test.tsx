// Column widths by need: the task names get the room host labels across would leave empty, when
// the hosts still show with their labels across in two lines.
import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {data, lines, osaSteps, run, syntheticMatrix} from './data.js';

function matrixWith(hosts: string[], names: string[]) {
	const m = syntheticMatrix(hosts, names.length, () => 'ok');
	m.tasks.forEach((t, i) => (t.name = names[i]!));
	return m;
}

it.each([
	[80, 24, ['web1_galera_container-2ea7a8b6', 'web2_galera_container-7c1e22aa', 'web3_galera_container-9f00b1c3'], 'Perform online schema migration'],
])('at %ix%i a task name shows whole while the hosts keep their labels', (width, height, hosts, name) => {
	const m = matrixWith(hosts, ['Gather the facts', name, 'Restart the service']);
	const d = data(run(osaSteps()), {matrix: m});
	const frame = lines(render(<Screen data={d} ui={initialUiState()} width={width} height={height - 1} />).lastFrame()).join('\n');
	expect(frame).toContain(name);
	// Every host keeps its labelled column (the matrix names them short: galera@1, galera@2, ...).
	for (let i = 1; i <= hosts.length; i++) expect(frame).toMatch(new RegExp(`galera@${i}\\b`));
});

it('a task name the matrix cuts shows whole in the detail pane, continued under itself', () => {
	const name = 'Ensure the galera cluster has every node Synced before the rolling restart goes on to the next';
	const m = matrixWith(['web1', 'web2', 'web3'], ['Gather the facts', name]);
	const d = data(run(osaSteps()), {matrix: m});
	const frame = lines(render(<Screen data={d} ui={initialUiState()} width={80} height={23} />).lastFrame());
	// The pane's lines hold the name's words in order, whatever the wrapping.
	const pane = frame.map((l) => l.split('│').at(-1)!.trim()).join(' ').replace(/\s+/g, ' ');
	expect(pane).toContain(`task ${name}`);
});

// Column widths by need: the task names get the room host labels across would leave empty, when
// the hosts still show with their labels across in two lines.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
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

it('at 200x50 the demo\'s 14 hosts leave room for its longest task name whole', () => {
	// The demo inventory's hosts, as the walkthrough saw them cut beside wide gaps.
	const text = readFileSync(fileURLToPath(new URL('../../plans/demo/inventory.ini', import.meta.url)), 'utf8');
	let section = '';
	const hosts = new Set<string>();
	for (const line of text.split('\n').map((l) => l.trim())) {
		if (line.startsWith('[')) section = line;
		else if (/^[a-z0-9]/i.test(line) && !section.includes(':')) hosts.add(line.split(/\s/)[0]!);
	}
	expect(hosts.size).toBe(14);
	const name = 'Link /etc/localtime to the host timezone (Etc/UTC)';
	const m = matrixWith([...hosts], ['Read the host timezone', name]);
	const frame = lines(render(<Screen data={data(run(osaSteps()), {matrix: m})} ui={initialUiState()} width={200} height={49} />).lastFrame()).join('\n');
	expect(frame).toContain(name);
});

it('at 200x50 a long task name beside three hosts shows whole (the column is not held to 60)', () => {
	const name = 'Stop the background workers that hold open connections to the database before migrating';
	const m = matrixWith(['web1', 'web2', 'web3'], ['Gather the facts', name]);
	const frame = lines(render(<Screen data={data(run(osaSteps()), {matrix: m})} ui={initialUiState()} width={200} height={49} />).lastFrame()).join('\n');
	expect(frame).toMatch(new RegExp(`${name} +\\S`));
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

it('the footer says whole the name of a task or step the cursor is on when its pane cut it', () => {
	const name = 'Ensure the galera cluster has every node Synced before the restart';
	const m = matrixWith(['web1', 'web2', 'web3'], ['Gather the facts', name]);
	const steps = osaSteps();
	steps[3]!.name = 'Restart the galera cluster one node at a time, checking it is Synced';
	const d = data(run(steps), {matrix: m});
	const footerOf = (ui: Parameters<typeof initialUiState>[0]) => lines(render(<Screen data={d} ui={initialUiState(ui)} width={80} height={23} />).lastFrame()).at(-1)!;
	// The row's label is cut in the matrix; the footer holds the whole name.
	const picked = lines(render(<Screen data={d} ui={initialUiState({cursor: {row: 1, col: 0, step: 2}})} width={80} height={23} />).lastFrame());
	expect(picked.some((l) => l.includes(name.slice(0, 12)) && !l.includes(name))).toBe(true);
	expect(footerOf({cursor: {row: 1, col: 0, step: 2}})).toContain(`▸ ${name}`);
	// A name that fits is not said again; nor while the view follows the run.
	expect(footerOf({cursor: {row: 0, col: 0, step: 2}})).not.toContain('▸');
	expect(footerOf({})).not.toContain('▸');
	// The plan pane's cursor on a step whose name it cut.
	expect(footerOf({focus: 'plan', planCursor: 3})).toContain(`▸ ${steps[3]!.name}`);
	expect(footerOf({focus: 'plan', planCursor: 1})).not.toContain('▸'); // setup-hosts fits
	// A failed step's reason, cut under it in the plan pane, is said whole with its name.
	steps[1] = {...steps[1]!, status: 'failed', reason: '1 host failed or unreachable: web2'};
	const failed = data(run(steps), {matrix: m});
	const said = lines(render(<Screen data={failed} ui={initialUiState({focus: 'plan', planCursor: 1})} width={80} height={23} />).lastFrame());
	expect(said.at(-1)).toContain('▸ setup-hosts: 1 host failed or unreachable: web2');
});

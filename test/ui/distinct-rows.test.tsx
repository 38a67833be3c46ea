// At 80x24 every row still says something distinct: names that a cut would make alike keep
// their start and their end instead.
import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {applyMatrixEvent, newMatrix} from '../../source/matrix/reducer.js';
import {cutDistinct} from '../../source/ui/components/text.js';
import {Screen} from '../../source/ui/components/layout.js';
import {screenGeometry} from '../../source/ui/components/geometry.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {data, lines, run, step} from './data.js';

it('cutDistinct cuts alike-starting texts in the middle, and leaves the others as a plain cut', () => {
	expect(cutDistinct(['lxc-containers-create', 'lxc-container-tz-sync', 'haproxy-install-and-more'], 14)).toEqual(['lxc-con…create', 'lxc-con…z-sync', 'haproxy-insta…']);
	expect(cutDistinct(['same', 'same'], 3)).toEqual(['sa…', 'sa…']);
});

it('at 80x24 the plan pane and the task column show no two rows alike', () => {
	const ids = ['lxc-containers-create', 'lxc-container-tz-sync', 'galera-install', 'galera-cluster-rolling-restart', 'setup-openstack'];
	const steps = ids.map((id, i) => step(id, i < 4 ? 'done' : 'running'));
	const m = newMatrix();
	applyMatrixEvent(m, {type: 'play_start', t: 0, play: {id: 'p', name: 'Install'}, hosts: ['aio1']}, 0);
	const tasks = ['Install nova pip packages into the venv', 'Install nova pip packages into the venv for the api', 'Drop nova configs'];
	tasks.forEach((name, r) => {
		applyMatrixEvent(m, {type: 'task_start', t: 0, task: {id: `t${r}`, name}}, 0);
		applyMatrixEvent(m, {type: 'result', t: 0, host: 'aio1', taskId: `t${r}`, status: 'ok'}, 0);
	});
	const d = data(run(steps), {matrix: m});
	const g = screenGeometry(d, initialUiState(), 80, 24);
	const frame = lines(render(<Screen data={d} ui={initialUiState()} width={80} height={24} />).lastFrame());
	const plan = frame.slice(2, 2 + ids.length).map((l) => l.slice(0, g.planWidth).trim());
	expect(new Set(plan).size).toBe(ids.length);
	expect(plan.some((l) => l.includes('lxc-containers-create'))).toBe(false); // cut, yet distinct
	const taskRows = frame.filter((l) => l.includes('Install nova')).map((l) => l.slice(g.planWidth + 1, g.planWidth + 1 + g.matrix!.taskWidth).trim());
	expect(taskRows).toHaveLength(2);
	expect(new Set(taskRows).size).toBe(2);
});

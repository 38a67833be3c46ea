// A split step's parts in the plan pane: one row each while any has to run, one row (its name,
// how many parts, their time together) once all are finished; the cursor takes a folded row as one.
import {render} from 'ink-testing-library';
import {afterEach, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/app.js';
import {planRows} from '../../source/ui/plan-rows.js';
import type {StepView} from '../../source/ui/types.js';
import {FakeSource} from './fake-source.js';
import {data, run, step} from './data.js';

const mounted: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
});

const unit = {id: 'setup-os', name: 'setup-os', role: 'main' as const};
const part = (id: string, status: StepView['status']) => step(`os-${id}`, status, {unit, splitOf: 'setup-os', durationMs: status === 'pending' ? null : 60_000});

function steps(octavia: StepView['status']): StepView[] {
	return [step('bootstrap-ansible', 'done'), part('keystone', 'done'), part('nova', 'done'), part('octavia', octavia), step('after-hosts', octavia === 'done' ? 'running' : 'pending')];
}

function open(list: StepView[]) {
	const r = render(<App source={new FakeSource(data(run(list)))} startPrompt={null} onExit={() => {}} color={false} />);
	mounted.push(r);
	return {stdin: r.stdin, frame: () => r.lastFrame() ?? ''};
}

it('while a part has to run, each part is a row; once all are finished, one row with their time together', async () => {
	const going = open(steps('running'));
	await vi.waitFor(() => expect(going.frame()).toContain('│ os-octavia'));
	expect(going.frame()).toContain('│ os-keystone');

	const folded = open(steps('done'));
	await vi.waitFor(() => expect(folded.frame()).toMatch(/✓ setup-os \(3 parts\) +3m00s/));
	expect(folded.frame()).not.toContain('os-keystone');
	expect(folded.frame()).toContain('PLAN  4/5 done');
});

it('the plan cursor steps over a folded row as one row', async () => {
	const {stdin, frame} = open(steps('done'));
	await vi.waitFor(() => expect(frame()).toContain('setup-os (3 parts)'));
	stdin.write('\t');
	// From the running step (after-hosts) up: the folded row, then bootstrap-ansible.
	// Two rows up and enter: bootstrap-ansible is shown (over parts, two rows up would be a part).
	stdin.write('k');
	stdin.write('k');
	stdin.write('\r');
	await vi.waitFor(() => expect(frame()).toMatch(/▸. bootstrap-ansible/));
	expect(planRows(steps('done'))).toEqual([{first: 0, last: 0}, {first: 1, last: 3}, {first: 4, last: 4}]);
	expect(planRows(steps('failed'))).toHaveLength(5);
});

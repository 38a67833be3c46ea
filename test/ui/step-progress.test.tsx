// The running step's progress in the plan pane, and a `run:` command step's words: no task
// counter and no "ANSIBLE LOG" for a step that runs no playbook.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import {progressText} from '../../source/ui/components/plan-pane.js';
import type {StepView} from '../../source/ui/types.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {data, expectFits, lines, osaSteps, run, step} from './data.js';

function withRunning(patch: Partial<StepView>) {
	const steps = osaSteps();
	steps[2] = {...steps[2]!, ...patch};
	return data(run(steps));
}

describe('task counter', () => {
	it('never counts past the listed total: more tasks than listed make the total a floor', () => {
		const counter = (done: number, total: number | null) => progressText(step('s', 'running', {progress: {done, total}}));
		expect(counter(3, 11)).toBe('task 3 of 11');
		expect(counter(11, 11)).toBe('task 11 of 11');
		expect(counter(12, 11)).toBe('task 12 of 12+');
		expect(counter(4, null)).toBe('task 4 of ?');
		expect(counter(0, null)).toBe('starting');
		expect(counter(0, 40)).toBe('starting, 40 tasks');
	});

	it.each([80, 120])('shows "task 12 of 12+" under the running step at %i columns', (width) => {
		const {lastFrame} = render(<Screen data={withRunning({progress: {done: 12, total: 11}})} ui={initialUiState()} width={width} height={24} />);
		const text = lines(lastFrame()).join('\n');
		expectFits(lastFrame(), width, 24);
		expect(text).toContain('task 12 of 12+');
		expect(text).not.toContain('of 11');
	});
});

describe('a command (run:) step', () => {
	const command = {kind: 'command' as const, id: 'bootstrap-ansible.sh', name: 'bootstrap-ansible.sh', progress: {done: 0, total: null}};

	it.each([80, 120])('has no task counter and says why it has no matrix, at %i columns', (width) => {
		const {lastFrame} = render(<Screen data={withRunning(command)} ui={initialUiState()} width={width} height={24} />);
		const text = lines(lastFrame()).join('\n');
		expectFits(lastFrame(), width, 24);
		expect(text).not.toMatch(/task 0 of|of \?/);
		expect(text).toContain('a command (no tasks)');
		expect(text).toContain('a command step (run:): no per-task results');
	});

	it("calls its log the command's output, not ansible's", () => {
		const d = {...withRunning(command), logLines: ['+ pip install ansible-core', 'done']};
		const text = lines(render(<Screen data={d} ui={initialUiState({overlay: 'log'})} width={80} height={24} />).lastFrame()).join('\n');
		expect(text).toContain('COMMAND OUTPUT bootstrap-ansible.sh');
		expect(text).not.toContain('ANSIBLE LOG');
		const playbook = {...withRunning({}), logLines: ['PLAY [x]']};
		expect(lines(render(<Screen data={playbook} ui={initialUiState({overlay: 'log'})} width={80} height={24} />).lastFrame()).join('\n')).toContain('ANSIBLE LOG');
	});
});

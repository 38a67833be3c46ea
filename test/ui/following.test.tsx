// "(following)" says the view moves on with the run: only while the followed step is running.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import type {StepStatus} from '../../source/run/types.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {aioHosts, data, lines, osaSteps, run, syntheticMatrix} from './data.js';

function screen(status: StepStatus, width: number, overlay: 'none' | 'log' = 'none'): string {
	const steps = osaSteps();
	steps[2] = {...steps[2]!, status, progress: status === 'running' ? steps[2]!.progress : null};
	const runStatus = status === 'running' ? 'running' : status === 'done' ? 'done' : 'paused';
	const matrix = syntheticMatrix(aioHosts(6), 5, () => 'ok');
	const d = data(run(steps, {status: runStatus, live: status === 'running'}), {matrix, logLines: ['PLAY [x]', 'TASK [y]']});
	return lines(render(<Screen data={d} ui={initialUiState({overlay})} width={width} height={24} />).lastFrame()).join('\n');
}

describe.each([80, 120])('(following) at %i columns', (width) => {
	it('is shown on the detail of a running step', () => {
		expect(screen('running', width)).toContain('─ detail (following) ─');
	});

	it.each(['done', 'paused'] as const)('is not shown once the step is %s', (status) => {
		const text = screen(status, width);
		expect(text).not.toContain('(following)');
		expect(text).toContain('─ detail ─');
	});

	it("is shown on a running step's log tail only", () => {
		expect(screen('running', width, 'log')).toContain('lines 1-2 of 2 (following)');
		expect(screen('done', width, 'log')).not.toContain('(following)');
	});
});

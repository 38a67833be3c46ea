import {Box} from 'ink';
import {render} from 'ink-testing-library';
import {useRef, useState} from 'react';
import {describe, expect, it, vi} from 'vitest';
import {useInput} from 'ink';
import {ConfirmStart} from '../../source/ui/components/confirm-start.js';
import {selectedCell, uiContext} from '../../source/ui/components/geometry.js';
import {Screen} from '../../source/ui/components/layout.js';
import {isCommand, keyToAction, type Command} from '../../source/ui/keys.js';
import {initialUiState, uiReducer, type UiAction, type UiState} from '../../source/ui/ui-state.js';
import type {ViewerData} from '../../source/ui/types.js';
import {aioHosts, data, detailOf, expectFits, failsMatrix, lines, osaSteps, run, syntheticMatrix} from './data.js';

/** The fails fixture as the running step's matrix, with the detail the app would read. */
function failing(ui: UiState, width = 80, height = 24): ViewerData {
	const {matrix, read} = failsMatrix();
	const steps = osaSteps();
	steps[2] = {...steps[2]!, status: 'failed', progress: null};
	const d = data(run(steps, {status: 'failed', etaMs: null}), {matrix});
	const cell = selectedCell(d, ui, width, height);
	return {...d, detail: cell ? detailOf(read, matrix, cell.row, cell.col) : null};
}

function aio(count: number) {
	return syntheticMatrix(aioHosts(count), 30, (r, c) => (r === 29 ? (c % 3 ? 'running' : 'none') : r % 4 === 0 ? 'skipped' : c % 5 ? 'ok' : 'changed'));
}

describe('screen', () => {
	it("shows a failed host's message without being asked", () => {
		const ui = initialUiState();
		const {lastFrame} = render(<Screen data={failing(ui)} ui={ui} width={80} height={24} />);
		const text = lines(lastFrame()).join('\n');
		expect(text).toContain('FIRST FAILURE');
		expect(text).toContain('✗ failed  h2');
		expect(text).toContain('msg non-zero return code');
		expect(text).toContain('stderr│ wsrep not Synced');
		expect(text).toContain('host h2');
	});

	const states: Array<[string, Partial<UiState>, Partial<ViewerData>]> = [
		['following', {}, {}],
		['help', {overlay: 'help'}, {}],
		['log', {overlay: 'log'}, {logLines: Array.from({length: 300}, (_, i) => `TASK [x] ${'*'.repeat(i % 150)}`)}],
		['detail', {overlay: 'detail'}, {}],
		['abort', {overlay: 'confirm-abort'}, {}],
		['start', {overlay: 'confirm-start'}, {}],
		['plan focus', {focus: 'plan', planCursor: 22}, {}],
		['message', {message: 'r: nothing to resume, the run is running '.repeat(4)}, {}],
	];

	for (const [width, height] of [[80, 24], [120, 40], [200, 60]] as const) {
		it.each(states)(`fits ${width}x${height} (%s) with 40 and 500 hosts`, (_name, uiPart, dataPart) => {
			for (const hosts of [40, 500]) {
				const ui = initialUiState(uiPart);
				const d: ViewerData = {...data(run(osaSteps(), {status: 'pausing', waitingFor: 'the task "restart galera" to finish on 3 hosts'}), {matrix: aio(hosts)}), ...dataPart};
				const {lastFrame} = render(<Screen data={d} ui={ui} width={width} height={height} />);
				expectFits(lastFrame(), width, height);
				expect(lines(lastFrame())).toHaveLength(height);
			}
		});
	}

	it('keeps the same layout from frame to frame as results arrive', () => {
		const ui = initialUiState();
		const m = aio(40);
		const first = render(<Screen data={data(run(osaSteps()), {matrix: m})} ui={ui} width={80} height={24} />);
		const before = lines(first.lastFrame());
		m.cells[29]![1] = 2; // a running cell turns ok
		const steps = osaSteps();
		steps[2] = {...steps[2]!, durationMs: 4_000_000};
		first.rerender(<Screen data={data(run(steps, {elapsedMs: 9_000_000}), {matrix: m})} ui={ui} width={80} height={24} />);
		const after = lines(first.lastFrame());
		expect(after).toHaveLength(before.length);
		// The rule between the panes stays in the same column on every line.
		for (let i = 1; i < after.length - 2; i++) expect(after[i]!.indexOf('│')).toBe(before[i]!.indexOf('│'));
	});
});

describe('start confirmation', () => {
	const steps = osaSteps().map((s) => ({id: s.id, name: s.name}));

	function confirm() {
		const onSubmit = vi.fn();
		const onCancel = vi.fn();
		const r = render(<ConfirmStart planName="OSA upgrade" steps={steps} width={80} height={21} isActive onSubmit={onSubmit} onCancel={onCancel} />);
		return {...r, onSubmit, onCancel};
	}

	it('lists the whole plan', () => {
		const text = lines(confirm().lastFrame()).join('\n');
		for (const s of steps) expect(text).toContain(s.name);
		expect(text).toContain('Type YES to start');
	});

	it('marks the steps of a unit and its fallback, as the plan pane does', () => {
		const unit = (role: 'main' | 'fallback') => ({id: 'setup-hosts', role});
		const withUnit = [
			{id: 'a', name: 'deploy'},
			{id: 'b', name: 'setup_hosts --limit x', unit: unit('main')},
			{id: 'c', name: 'setup_hosts', unit: unit('fallback')},
		];
		const text = lines(render(<ConfirmStart planName="OSA upgrade" steps={withUnit} width={80} height={10} isActive onSubmit={vi.fn()} onCancel={vi.fn()} />).lastFrame()).join('\n');
		expect(text).toContain('2. │ setup_hosts --limit x');
		expect(text).toContain('3. └ or setup_hosts');
	});

	it('marks the checks before and after the upgrade', () => {
		const steps = [
			{id: 'before-hosts', name: 'healthcheck-hosts', check: 'before' as const},
			{id: 'setup', name: 'setup-openstack'},
			{id: 'after-hosts', name: 'healthcheck-hosts', check: 'after' as const},
		];
		const text = lines(render(<ConfirmStart planName="OSA upgrade" steps={steps} width={80} height={10} isActive onSubmit={vi.fn()} onCancel={vi.fn()} />).lastFrame()).join('\n');
		expect(text).toContain('1. check before: healthcheck-hosts');
		expect(text).toContain('2. setup-openstack');
		expect(text).toContain('3. check after: healthcheck-hosts');
	});

	it('starts on YES and enter', async () => {
		const {stdin, lastFrame, onSubmit} = confirm();
		stdin.write('YES');
		await vi.waitFor(() => expect(lines(lastFrame()).join('\n')).toContain('start: YES'));
		stdin.write('\r');
		await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
	});

	it('does not start on anything else, and says so', async () => {
		const {stdin, lastFrame, onSubmit, onCancel} = confirm();
		stdin.write('yes');
		await vi.waitFor(() => expect(lines(lastFrame()).join('\n')).toContain('start: yes'));
		stdin.write('\r');
		await vi.waitFor(() => expect(lines(lastFrame()).join('\n')).toContain('That was not YES'));
		stdin.write('\r');
		stdin.write('\u001b');
		await vi.waitFor(() => expect(onCancel).toHaveBeenCalled());
		expect(onSubmit).not.toHaveBeenCalled();
	});
});

/**
 * A small stand-in for the app: keys -> keyToAction -> uiReducer with the geometry's context.
 * The state is read from a ref: ink may deliver a key before the handler of the last render is
 * subscribed, and a stale closure would map it against the previous state.
 */
function Harness({d, width, height, commands}: {d: ViewerData; width: number; height: number; commands: Command[]}) {
	const [ui, setUi] = useState(initialUiState());
	const current = useRef(ui);
	const apply = (action: UiAction) => {
		current.current = uiReducer(current.current, action, uiContext(d, current.current, width, height));
		setUi(current.current);
	};
	useInput((input, key) => {
		const result = keyToAction(input, key, current.current);
		if (result === null) return;
		if (isCommand(result)) {
			commands.push(result.command);
			if (result.action) apply(result.action);
		} else apply(result);
	});
	return (
		<Box>
			<Screen data={d} ui={ui} width={width} height={height} />
		</Box>
	);
}

describe('keys on the screen', () => {
	it('moves the cursor to another host and back to following', async () => {
		const ui = initialUiState();
		const d = failing(ui);
		const commands: Command[] = [];
		const {stdin, lastFrame} = render(<Harness d={d} width={80} height={24} commands={commands} />);
		expect(lines(lastFrame())[1]).toContain('host h2');
		stdin.write('l');
		await vi.waitFor(() => expect(lines(lastFrame())[1]).toContain('host h3'));
		expect(lines(lastFrame()).join('\n')).toContain('─ detail ─');
		stdin.write('f');
		await vi.waitFor(() => expect(lines(lastFrame()).join('\n')).toContain('FIRST FAILURE'));
	});

	it('opens help and the log, and asks before aborting', async () => {
		const steps = osaSteps();
		const d = data(run(steps), {matrix: aio(40), logLines: ['PLAY [setup] ****', 'TASK [galera : check] ****']});
		const commands: Command[] = [];
		const {stdin, lastFrame} = render(<Harness d={d} width={80} height={24} commands={commands} />);
		const text = () => lines(lastFrame()).join('\n');
		stdin.write('?');
		await vi.waitFor(() => expect(text()).toContain('KEYS'));
		stdin.write('?');
		await vi.waitFor(() => expect(text()).not.toContain('KEYS'));
		stdin.write('L');
		await vi.waitFor(() => expect(text()).toContain('TASK [galera : check]'));
		stdin.write('L');
		await vi.waitFor(() => expect(text()).not.toContain('ANSIBLE LOG'));
		stdin.write('a');
		await vi.waitFor(() => expect(text()).toContain('Abort step setup-infrastructure? y/N'));
		stdin.write('n');
		await vi.waitFor(() => expect(text()).toContain('abort cancelled'));
		expect(commands).toEqual([]);
		stdin.write('a');
		await vi.waitFor(() => expect(text()).toContain('y/N'));
		stdin.write('y');
		await vi.waitFor(() => expect(commands).toEqual(['abort']));
		await vi.waitFor(() => expect(text()).not.toContain('y/N'));
		stdin.write('p');
		stdin.write('q');
		await vi.waitFor(() => expect(commands).toEqual(['abort', 'pause', 'quit']));
	});
});

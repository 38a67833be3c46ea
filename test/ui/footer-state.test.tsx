// The footer follows the run's state: only the keys that act on it now, and words saying what the
// state means (what a pause waits for, what r does, where the report is), at 80 and 120 columns.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import type {RunView, ViewerData} from '../../source/ui/types.js';
import {initialUiState, type UiState} from '../../source/ui/ui-state.js';
import {data, expectFits, lines, osaSteps, run} from './data.js';

const dir = '/var/lib/ansible-driver/osa';

function stopped(status: 'paused' | 'failed' | 'aborted' | 'done', extra: Partial<RunView> = {}): RunView {
	const steps = osaSteps();
	if (status === 'done') for (const [i, s] of steps.entries()) steps[i] = {...s, status: 'done', progress: null};
	else steps[2] = {...steps[2]!, status, progress: null, pausedAtTask: status === 'paused' ? 'Restart galera' : null};
	return run(steps, {status, live: false, etaMs: null, source: dir, ...extra});
}

function footer(d: ViewerData, width: number, ui: Partial<UiState> = {}): {keys: string; words: string} {
	const height = width === 80 ? 24 : 40;
	const {lastFrame} = render(<Screen data={d} ui={initialUiState(ui)} width={width} height={height} />);
	expectFits(lastFrame(), width, height);
	const frame = lines(lastFrame());
	return {keys: frame.at(-2)!, words: frame.at(-1)!};
}

const handOver = ['cd /opt/openstack-ansible/playbooks && openstack-ansible setup-infrastructure.yml'];

describe.each([80, 120])('footer at %i columns', (width) => {
	it('running: p pauses and a aborts; nothing to resume', () => {
		const {keys, words} = footer(data(run(osaSteps(), {source: dir})), width);
		expect(keys).toMatch(/^p pause {2}a abort {2}q quit {2}↑↓←→ move/);
		expect(keys).not.toContain('resume');
		expect(words.trim()).toBe('');
	});

	it('pausing: what the pause waits for, and that a aborts; p and r are gone', () => {
		const d = data(run(osaSteps(), {status: 'pausing', waitingFor: 'task "Restart galera" to finish on every host'}));
		const {keys, words} = footer(d, width);
		expect(keys).toMatch(/^a abort {2}q quit/);
		expect(keys).not.toMatch(/p pause|r resume/);
		expect(words).toBe('pausing: waiting for task "Restart galera" to finish on every host — a aborts');
	});

	it('paused: r resumes first, with the task the run paused before', () => {
		const {keys, words} = footer(data(stopped('paused')), width);
		expect(keys).toMatch(/^r resume {2}q quit/);
		expect(keys).not.toMatch(/p pause|a abort/);
		expect(words).toBe('paused before task "Restart galera" — r resumes, q leaves (the run stays paused)');
	});

	it('paused before a long task name: the hint gives way first (the keys above say it), then the name', () => {
		const d = data(stopped('paused'));
		const name = 'Restart the galera cluster node by node, waiting for sync';
		d.run.steps[2] = {...d.run.steps[2]!, pausedAtTask: name};
		expect(footer(d, width).words).toBe(`paused before task "${name}"`);
		d.run.steps[2] = {...d.run.steps[2]!, pausedAtTask: `Restart ${'the galera cluster node by node '.repeat(4)}`};
		expect(footer(d, width).words).toMatch(/^paused before task "Restart the g.*…"$/);
	});

	it.each(['failed', 'aborted'] as const)('%s: H for the commands to go on by hand, r retries the step', (status) => {
		const {keys, words} = footer(data(stopped(status), {handOver}), width);
		expect(keys).toMatch(/^H by hand {2}r retry {2}q quit/);
		expect(keys).not.toMatch(/p pause|a abort/);
		expect(keys).toMatch(/\? help$/);
		// The step's name whole; at 80 columns the hint (the keys above say it) gives way to it.
		expect(words).toBe(`${status} at step "setup-infrastructure"${width === 120 ? ' — r retries it, H: commands to go on by hand' : ''}`);
	});

	it('done: no p, r or a; the run is done and where its report is', () => {
		const {keys, words} = footer(data(stopped('done')), width);
		expect(keys).toMatch(/^q quit/);
		expect(keys).not.toMatch(/pause|resume|abort/);
		expect(words).toBe(`the run is done — report: ${dir}/report.md`);
	});

	it('done with a long run directory: the path is cut at its start, report.md stays', () => {
		const long = `/home/operator/.local/state/ansible-driver/${'very-long-plan-name-'.repeat(5)}1a2b3c`;
		const {words} = footer(data(stopped('done', {source: long})), width);
		expect(words).toMatch(/^the run is done — report: ….*1a2b3c\/report\.md$/);
	});

	it.each(['running', 'pausing'] as const)('%s without a supervisor: says so, and that r takes the run over', (status) => {
		const {keys, words} = footer(data(run(osaSteps(), {status, live: false})), width);
		expect(keys).toMatch(/^r take the run over {2}q quit/);
		expect(keys).not.toMatch(/p pause|a abort/);
		expect(words).toBe(`no supervisor is running it (left ${status}) — r takes the run over`);
	});

	it("a key's answer comes first; the state's words take what is left", () => {
		const {words} = footer(data(stopped('paused')), width, {message: 'r: the run is paused but its supervisor (pid 42) has not exited yet'});
		expect(words).toMatch(/^r: the run is paused but its supervisor \(pid 42\) has not exited yet/);
		if (width === 120) expect(words).toContain('has not exited yet · paused before task "Restart');
	});
});

describe('replay footer', () => {
	it('p pauses the playback, r goes on, and an ended replay offers neither', () => {
		const replay = (status: 'running' | 'paused' | 'done', live: boolean) => data(run(osaSteps(), {status, live, replay: true, source: '/tmp/rec'}));
		expect(footer(replay('running', true), 80).keys).toMatch(/^p pause {2}q quit/);
		const paused = footer(replay('paused', true), 80);
		expect(paused.keys).toMatch(/^r go on {2}q quit/);
		expect(paused.words).toBe('replay paused — r goes on, q leaves');
		const ended = footer(replay('done', false), 80);
		expect(ended.keys).toMatch(/^q quit/);
		expect(ended.words).toBe('the replay has ended — q leaves');
		expect(ended.words).not.toContain('report');
	});
});

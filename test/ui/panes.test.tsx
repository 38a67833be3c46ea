import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {cellLooks, stepLooks} from '../../source/matrix/glyphs.js';
import type {CellStatus} from '../../source/matrix/types.js';
import {DetailPane} from '../../source/ui/components/detail-pane.js';
import {Footer} from '../../source/ui/components/footer.js';
import {screenGeometry} from '../../source/ui/components/geometry.js';
import {Header} from '../../source/ui/components/header.js';
import {LogView} from '../../source/ui/components/log-view.js';
import {MatrixPane} from '../../source/ui/components/matrix-pane.js';
import {PlanPane} from '../../source/ui/components/plan-pane.js';
import {initialUiState, type UiState} from '../../source/ui/ui-state.js';
import type {ViewerData} from '../../source/ui/types.js';
import {aioHosts, data, lines, osaSteps, run, step, syntheticMatrix} from './data.js';

function matrixFrame(d: ViewerData, ui: UiState, width: number, height = 24) {
	const g = screenGeometry(d, ui, width, height);
	const shown = d.run.steps[g.step] ?? null;
	const {lastFrame} = render(<MatrixPane model={d.matrix} geometry={g.matrix} step={shown} focused width={g.rightWidth} height={g.matrixHeight} />);
	return {frame: lines(lastFrame()), g};
}

describe('header', () => {
	it('shows plan name, status, elapsed time, step k of N and the ETA', () => {
		const {lastFrame} = render(<Header run={run(osaSteps())} width={80} />);
		const [line] = lines(lastFrame());
		expect(line).toContain('OpenStack-Ansible Mitaka -> Newton');
		expect(line).toMatch(/RUNNING +12m34s {2}step {2}3\/23 {2}ETA 1h00m/);
	});

	it.each(['running', 'pausing', 'paused', 'failed', 'done'] as const)('names the run status %s', (status) => {
		const {lastFrame} = render(<Header run={run(osaSteps(), {status, etaMs: null})} width={80} />);
		expect(lines(lastFrame())[0]).toContain(status.toUpperCase());
	});
});

describe('plan pane', () => {
	it('shows every step with its glyph, duration and the running step progress', () => {
		const steps = [
			step('done-step', 'done'),
			step('failed-step', 'failed'),
			step('paused-step', 'paused'),
			step('running-step', 'running', {progress: {done: 3, total: null}}),
			step('pending-step', 'pending'),
		];
		const {lastFrame} = render(<PlanPane steps={steps} shown={3} highlight={3} focused={false} from={0} visible={10} width={30} height={12} />);
		const frame = lines(lastFrame());
		expect(frame[1]).toMatch(/^ ✓ done-step +1m01s$/);
		expect(frame[2]).toMatch(/^ ✗ failed-step/);
		expect(frame[3]).toMatch(/^ ‖ paused-step/);
		expect(frame[4]).toMatch(/^▸> running-step/);
		expect(frame[5]).toContain('task 3 of ?');
		expect(frame[6]).toMatch(/^ {3}pending-step\s*$/);
		expect(frame).toHaveLength(12);
	});

	it("says where the shown step paused, or why it failed, under it", () => {
		const paused = [step('one', 'done'), step('two', 'paused', {pausedAtTask: 'restart \u001b[31mgalera'})];
		const text = lines(render(<PlanPane steps={paused} shown={1} highlight={1} focused={false} from={0} visible={10} width={40} height={5} />).lastFrame());
		expect(text[3]).toContain('paused before restart galera');
		const failed = [step('one', 'failed', {reason: 'h2 failed: wsrep not Synced'}), step('two', 'pending')];
		const text2 = lines(render(<PlanPane steps={failed} shown={0} highlight={0} focused={false} from={0} visible={10} width={40} height={5} />).lastFrame());
		expect(text2[2]).toContain('h2 failed: wsrep not Synced');
	});
});

describe('plan pane: units', () => {
	const unit = (role: 'main' | 'fallback') => ({unit: {id: 'setup-hosts', name: 'setup-hosts', role}});

	it('hangs a unit\'s steps together and shows which branch ran: the failed step handed over, the fallback run', () => {
		const steps = [
			step('deploy', 'done'),
			step('setup-hosts-1', 'failed', {...unit('main'), fallback: 'setup-hosts-fallback', reason: '2 hosts failed or unreachable'}),
			step('setup-hosts-2', 'skipped', unit('main')),
			step('setup-hosts-fallback', 'done', unit('fallback')),
			step('infra', 'pending'),
		];
		const frame = lines(render(<PlanPane steps={steps} shown={1} highlight={1} focused={false} from={0} visible={10} width={44} height={8} />).lastFrame());
		// A handed-over failure counts as finished: the run went on.
		expect(frame[0]).toContain('4/5 done');
		expect(frame[2]).toMatch(/^▸✗ │ setup-hosts-1/);
		expect(frame[3]).toContain('failed → fallback setup-hosts');
		expect(frame[4]).toMatch(/^ - │ setup-hosts-2/);
		expect(frame[5]).toMatch(/^ ✓ └ or setup-hosts-fallback/);
	});

	it('says a skipped fallback was not needed', () => {
		const steps = [step('setup-hosts-1', 'done', unit('main')), step('setup-hosts-fallback', 'skipped', unit('fallback'))];
		const frame = lines(render(<PlanPane steps={steps} shown={1} highlight={1} focused={false} from={0} visible={10} width={44} height={5} />).lastFrame());
		expect(frame[2]).toMatch(/└ or setup-hosts-fallback/);
		expect(frame[3]).toContain('not needed: the unit succeeded');
	});
});

describe('matrix pane', () => {
	const statuses: Array<CellStatus> = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued', 'running', 'none'];

	it('draws one glyph per status, so the picture reads without colour', () => {
		const hosts = statuses.map((s) => `host-${s}`);
		const m = syntheticMatrix(hosts, 1, (_r, c) => statuses[c] as never);
		const {frame} = matrixFrame(data(run(osaSteps()), {matrix: m}), initialUiState(), 120);
		const row = frame.find((l) => l.startsWith('task number 1'))!;
		const glyphs = row.slice(row.indexOf(' ', 'task number 1'.length + 1)).replace(/\s+/g, '');
		expect(glyphs).toBe(statuses.map((s) => cellLooks[s].glyph.trim()).join(''));
		expect(new Set(Object.values(cellLooks).map((l) => l.glyph)).size).toBe(statuses.length);
		expect(new Set(Object.values(stepLooks).map((l) => l.glyph)).size).toBe(Object.keys(stepLooks).length);
	});

	it('shows the full name of the selected column and short labels for the others', () => {
		const hosts = aioHosts(6);
		const m = syntheticMatrix(hosts, 3, () => 'ok');
		const ui = initialUiState({cursor: {row: 0, col: 3, step: 2}});
		const {frame} = matrixFrame(data(run(osaSteps()), {matrix: m}), ui, 120);
		expect(frame[0]).toContain(`host ${hosts[3]}`);
		// Six labels staggered over two lines: each whole, none of them the container's suffix.
		const header = frame.slice(1, 3).join('\n');
		for (const label of ['aio1', 'galera', 'glance', 'heat_api', 'cinder_api']) expect(header).toContain(label);
		expect(header).not.toContain('_container-');
	});

	it('fits an AIO of 40 hosts at 120 columns, and 500 hosts by grouping alike hosts', () => {
		const aio = syntheticMatrix(aioHosts(40), 12, (r, c) => (c === 7 ? 'failed' : r % 3 ? 'ok' : 'changed'));
		const {frame, g} = matrixFrame(data(run(osaSteps()), {matrix: aio}), initialUiState(), 120);
		for (const l of frame) expect(Array.from(l).length).toBeLessThanOrEqual(g.rightWidth);
		expect(g.matrix!.columns.flatMap((c) => c.hosts)).toHaveLength(40);
		expect(g.matrix!.columns.length).toBeLessThanOrEqual(g.matrix!.visibleCols);

		const hosts = Array.from({length: 500}, (_, i) => `compute${String(i).padStart(3, '0')}`);
		const big = syntheticMatrix(hosts, 12, (_r, c) => (c === 250 ? 'unreachable' : c % 2 ? 'ok' : 'changed'));
		const ui = initialUiState({cursor: {row: 3, col: 1, step: 2}});
		const result = matrixFrame(data(run(osaSteps()), {matrix: big}), ui, 80);
		expect(result.g.matrix!.grouped).toBe(true);
		expect(result.frame[1]).toContain('×250');
		expect(result.frame[1]).toContain('×249');
		expect(result.frame[0]).toContain('250 hosts alike: compute001, compute003');
	});

	it('never draws control sequences from host or task names', () => {
		const m = syntheticMatrix(['evil\u001b]0;pwned\u0007host', 'ok\u001b[2Jhost'], 1, () => 'failed');
		m.tasks[0]!.name = 'task \u001b[31mred\u001b[0m';
		const {lastFrame} = render(
			<MatrixPane model={m} geometry={screenGeometry(data(run(osaSteps()), {matrix: m}), initialUiState(), 80, 24).matrix} step={null} focused width={53} height={10} />,
		);
		const raw = lastFrame() ?? '';
		expect(raw).not.toContain('\u0007');
		expect(raw).not.toContain(']0;');
		expect(raw).not.toContain('[2J');
		expect(lines(raw).join('\n')).toContain('task red');
	});

	it('says why a step has no matrix', () => {
		const steps = osaSteps();
		steps[2] = {...steps[2]!, eventsSeen: false};
		const {frame} = matrixFrame(data(run(steps)), initialUiState(), 80);
		expect(frame.join('\n')).toContain('callback plugin not loaded');
	});
});

describe('detail pane', () => {
	it('shows host, task, status, duration, rc, msg, retries, items and the output tail', () => {
		const m = syntheticMatrix(['h1'], 1, () => 'failed');
		const d = data(run(osaSteps()), {matrix: m});
		const g = screenGeometry(d, initialUiState(), 80, 24).matrix!;
		const detail = {
			host: 'h1',
			task: 'task number 1',
			status: 'failed' as const,
			duration: 2.5,
			msg: 'could not reach galera\u001b[31m',
			rc: 2,
			stdout: 'line 1\nline 2\nlast stdout line\n',
			stderr: null,
			exception: null,
			items: [{item: 'pkg-a', status: 'ok'}, {item: 'pkg-b', status: 'failed'}],
			retries: [{attempts: 3, retries: 10, msg: 'still waiting'}],
		};
		const {lastFrame} = render(<DetailPane model={m} geometry={g} detail={detail} width={60} height={10} />);
		const text = lines(lastFrame()).join('\n');
		expect(text).toContain('FIRST FAILURE');
		expect(text).toMatch(/✗ failed {2}h1 {2}2\.5s {2}rc=2/);
		expect(text).toContain('task task number 1');
		expect(text).toContain('msg could not reach galera');
		expect(text).toContain('attempt 3 of 10: still waiting');
		expect(text).toContain('items 2 (1 failed): pkg-a ·, pkg-b ✗');
		expect(text).toContain('stdout│ last stdout line');
		expect(lastFrame()).not.toContain('\u001b[31mcould');
	});
});

describe('footer and log', () => {
	it('shows the message and what a pause is waiting for', () => {
		const pausing = run(osaSteps(), {status: 'pausing', waitingFor: 'the handler "restart galera"'});
		const {lastFrame} = render(<Footer width={120} overlay="none" message="r: nothing to resume, the run is running" run={pausing} canHandOver={false} abortStep={null} />);
		const [keys, info] = lines(lastFrame());
		expect(keys).toContain('a abort');
		expect(keys).toContain('? help');
		expect(info).toContain('r: nothing to resume, the run is running');
		expect(info).toContain('pausing: waiting for the handler "restart galera"');
	});

	it('asks before aborting, naming the step', () => {
		const {lastFrame} = render(<Footer width={80} overlay="confirm-abort" message={null} run={run(osaSteps())} canHandOver={false} abortStep="setup-infrastructure" />);
		expect(lines(lastFrame())[1]).toContain('Abort step setup-infrastructure? y/N');
	});

	it('shows the log tail, scrolled up by logScroll', () => {
		const log = Array.from({length: 100}, (_, i) => `log line ${i + 1}`);
		const tail = lines(render(<LogView lines={log} scroll={0} step={step('setup-hosts', 'running')} width={80} height={10} />).lastFrame());
		expect(tail[0]).toContain('lines 92-100 of 100');
		expect(tail[9]).toContain('log line 100');
		const up = lines(render(<LogView lines={log} scroll={50} step={step('setup-hosts', 'running')} width={80} height={10} />).lastFrame());
		expect(up[9]).toContain('log line 50');
	});

	it('wraps a long log line whole (at blanks), its continuation indented, and scrolls over screen lines', () => {
		const long = `fatal: [infra1]: FAILED! => {"msg": "${Array.from({length: 30}, (_, i) => `word${i}`).join(' ')}"}`;
		const frame = lines(render(<LogView lines={['first', long, 'last']} scroll={0} step={step('setup-hosts', 'failed')} width={40} height={20} />).lastFrame());
		expect(frame.every((l) => l.length <= 40)).toBe(true);
		const body = frame.slice(1).filter((l) => l.trim() !== '');
		expect(body[0]).toBe('first');
		expect(body.at(-1)).toBe('last');
		// Every word of the long line is there, none split across lines; continuations indented.
		const middle = body.slice(1, -1);
		expect(middle.length).toBeGreaterThan(2);
		expect(middle.slice(1).every((l) => l.startsWith('  '))).toBe(true);
		for (let i = 0; i < 30; i++) expect(middle.some((l) => new RegExp(`\\bword${i}\\b`).test(l))).toBe(true);
		expect(frame[0]).toContain('lines 1-3 of 3');
	});
});

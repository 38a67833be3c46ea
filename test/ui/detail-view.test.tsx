// The full detail view (enter on a cell): a failure's message, loop items and output whole,
// wrapped to the terminal, scrolled with j/k and g/G; and the wrapping itself.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {DetailView, fullDetailRows} from '../../source/ui/components/detail-pane.js';
import {screenGeometry} from '../../source/ui/components/geometry.js';
import {wrapLine} from '../../source/ui/components/wrap.js';
import {Screen} from '../../source/ui/components/layout.js';
import {initialUiState, uiReducer} from '../../source/ui/ui-state.js';
import {uiContext} from '../../source/ui/components/geometry.js';
import type {CellDetail} from '../../source/matrix/types.js';
import {data, lines, osaSteps, run, syntheticMatrix} from './data.js';

const longMsg =
	'Unable to find a matching package for mariadb-server=1:11.4.5+maria~ubu2404 after collecting the repository metadata from http://repo.example.internal:8181/os-releases/31.0.0/ubuntu-24.04-x86_64/ and the mirror list';
const detail: CellDetail = {
	host: 'infra1_galera_container-2ea7a8b6',
	task: 'task number 1',
	status: 'failed',
	duration: 12.5,
	msg: `${longMsg}\nsecond line of the message`,
	rc: 100,
	stdout: Array.from({length: 30}, (_, i) => `stdout line ${i + 1}`).join('\n'),
	stderr: 'E: Version \u001b[31m1:11.4.5 for mariadb-server was not found',
	exception: 'Traceback (most recent call last):\n  File "apt.py", line 9, in main\nRuntimeError: the disk quota is gone',
	items: Array.from({length: 12}, (_, i) => ({item: `package-number-${i + 1}-with-a-long-name`, status: i === 7 ? 'failed' : 'ok'})),
	retries: [],
};

function setup(width: number, height: number) {
	const m = syntheticMatrix([detail.host], 1, () => 'failed');
	const d = data(run(osaSteps()), {matrix: m, detail});
	const g = screenGeometry(d, initialUiState(), width, height);
	return {m, d, g};
}

/** What the frame says with the wrapping undone: every run of blanks and line breaks as one blank. */
const flat = (frame: string[]) => frame.join('\n').replace(/\s+/g, ' ');

describe('full detail view', () => {
	it.each([80, 120, 200])('at %i columns shows the message, every item and the output whole, nothing cut', (width) => {
		const {m, g} = setup(width, 200);
		const frame = lines(render(<DetailView model={m} geometry={g.matrix} detail={detail} step={null} scroll={0} width={width} height={200} />).lastFrame());
		expect(frame.every((line) => line.length <= width)).toBe(true);
		const text = frame.join('\n');
		expect(text).not.toContain('…');
		expect(flat(frame)).toContain(`msg ${longMsg} second line of the message`);
		expect(text).toContain('second line of the message');
		for (let i = 1; i <= 12; i++) expect(text).toContain(`package-number-${i}-with-a-long-name`);
		expect(text).toMatch(/✗ package-number-8-with-a-long-name failed/);
		expect(text).toContain('stdout│ stdout line 1\n');
		expect(text).toContain('stdout│ stdout line 30');
		expect(text).toContain('stderr│ E: Version 1:11.4.5 for mariadb-server was not found');
		expect(text).not.toContain('\u001b[31m1:11');
		expect(text).toContain('trace│ RuntimeError: the disk quota is gone');
	});

	it('keeps a path whole on one screen line when it fits: breaks at blanks', () => {
		const {m, g} = setup(120, 200);
		const frame = lines(render(<DetailView model={m} geometry={g.matrix} detail={detail} step={null} scroll={0} width={120} height={200} />).lastFrame());
		expect(frame.some((line) => line.includes('http://repo.example.internal:8181/os-releases/31.0.0/ubuntu-24.04-x86_64/'))).toBe(true);
	});

	it('scrolls with j and G within what there is, and says where it is', () => {
		const {d} = setup(80, 24);
		let ui = uiReducer(initialUiState(), {type: 'open', overlay: 'detail'}, uiContext(d, initialUiState(), 80, 24));
		const ctx = uiContext(d, ui, 80, 24);
		expect(ctx.detailLines).toBe(fullDetailRows(d.matrix, screenGeometry(d, ui, 80, 24).matrix, detail, d.run.steps[2]!, 80).length);
		expect(ctx.detailLines).toBeGreaterThan(ctx.detailVisible);
		const top = lines(render(<Screen data={d} ui={ui} width={80} height={24} />).lastFrame());
		expect(top[1]).toMatch(/^DETAIL lines 1-\d+ of \d+/);
		ui = uiReducer(ui, {type: 'scroll-detail', by: 1}, ctx);
		expect(ui.detailScroll).toBe(1);
		ui = uiReducer(ui, {type: 'scroll-detail', by: Number.MAX_SAFE_INTEGER}, ctx);
		expect(ui.detailScroll).toBe(ctx.detailLines - ctx.detailVisible);
		const end = lines(render(<Screen data={d} ui={ui} width={80} height={24} />).lastFrame()).join('\n');
		expect(end).toContain('stdout│ stdout line 30');
		expect(end).not.toContain('task task number 1');
	});
});

describe('wrapLine', () => {
	it('breaks after a blank, indents continuations, and cuts a word longer than the width', () => {
		const rows = wrapLine([{text: 'alpha beta gamma delta'}], 12, 2).map((r) => r.map((s) => s.text).join(''));
		expect(rows).toEqual(['alpha beta ', '  gamma ', '  delta']);
		const long = wrapLine([{text: 'x'.repeat(25)}], 12, 2).map((r) => r.map((s) => s.text).join(''));
		expect(long).toEqual(['x'.repeat(12), `  ${'x'.repeat(10)}`, `  ${'x'.repeat(3)}`]);
		expect(wrapLine([], 10)).toEqual([[]]);
	});

	it('keeps each segment\'s look across the break', () => {
		const rows = wrapLine([{text: 'msg ', dim: true}, {text: 'red words that wrap', color: 'red'}], 10);
		expect(rows[0]).toEqual([{text: 'msg ', dim: true}, {text: 'red ', color: 'red'}]);
		expect(rows[1]).toEqual([{text: 'words that', color: 'red'}]);
	});
});

it('an output whose start was not kept: no piece of a line first, and it says where the whole is', () => {
	const stderr = `xplanation\n${Array.from({length: 5}, (_, i) => `line ${i + 19}: applying migration step ${i + 19}`).join('\n')}`;
	const cut: CellDetail = {...detail, stdout: null, exception: null, items: [], stderr, cut: ['stderr']};
	const {m, g} = setup(80, 60);
	const frame = lines(render(<DetailView model={m} geometry={g.matrix} detail={cut} step={null} scroll={0} width={80} height={60} />).lastFrame());
	const err = frame.filter((l) => l.startsWith('stderr│'));
	expect(err[0]).toBe('stderr│ … (its start is not kept here; the whole is in the log: L)');
	expect(err[1]).toBe('stderr│ line 19: applying migration step 19');
	expect(frame.join('\n')).not.toContain('xplanation');
	// Not cut: every line as it came.
	const whole = lines(render(<DetailView model={m} geometry={g.matrix} detail={{...cut, cut: []}} step={null} scroll={0} width={80} height={60} />).lastFrame());
	expect(whole.find((l) => l.startsWith('stderr│'))).toBe('stderr│ xplanation');
});

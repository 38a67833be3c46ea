import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {DetailPane} from '../../source/ui/components/detail-pane.js';
import {Footer} from '../../source/ui/components/footer.js';
import {screenGeometry} from '../../source/ui/components/geometry.js';
import {Help} from '../../source/ui/components/help.js';
import {Screen} from '../../source/ui/components/layout.js';
import {matrixLines, MatrixPane} from '../../source/ui/components/matrix-pane.js';
import {stallWords, thresholdText} from '../../source/ui/components/stall.js';
import type {StallView, ViewerData} from '../../source/ui/types.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {data, expectFits, lines, osaSteps, run, syntheticMatrix} from './data.js';

const hosts = ['h1', 'h2', 'h3', 'h4'];
// Task t2 ("task number 3") runs on every host; the supervisor says h2 and h3 ran it too long.
const stall: StallView = {taskId: 't2', task: 'task number 3', hosts: [{host: 'h2', forMs: 252_000}, {host: 'h3', forMs: 200_000}], afterMs: 120_000, source: 'plan'};

function stalledData(s: StallView | null = stall): ViewerData {
	const steps = osaSteps();
	steps[2] = {...steps[2]!, stalled: s};
	return data(run(steps), {matrix: syntheticMatrix(hosts, 3, (r) => (r === 2 ? 'running' : 'ok'))});
}

function matrixRow(d: ViewerData): string {
	const g = screenGeometry(d, initialUiState(), 120, 24);
	const frame = render(<MatrixPane model={d.matrix} geometry={g.matrix} step={d.run.steps[2]!} focused width={g.rightWidth} height={g.matrixHeight} />).lastFrame();
	return lines(frame).find((l) => l.startsWith('task number 3'))!.slice('task number 3'.length).replace(/\s+/g, '');
}

describe('stalled cells', () => {
	it('draw their own glyph, inverse yellow, only on the stalled hosts of the stalled task', () => {
		expect(matrixRow(stalledData())).toBe('>◔◔>');
		expect(matrixRow(stalledData(null))).toBe('>>>>');
		// Inverse yellow; the followed cell (the first stalled one, h2) is the one plain stalled cell.
		const d = stalledData();
		const g = screenGeometry(d, initialUiState(), 120, 24).matrix;
		const glyphs = matrixLines({model: d.matrix, geometry: g, step: d.run.steps[2]!, focused: true, width: 80})[4]!.filter((s) => s.text.trim() !== '').slice(1);
		expect(glyphs.map(({text, color, inverse}) => ({text, color, inverse}))).toEqual([
			{text: '>', color: 'cyan', inverse: false},
			{text: '◔', color: 'yellow', inverse: false},
			{text: '◔', color: 'yellow', inverse: true},
			{text: '>', color: 'cyan', inverse: false},
		]);
	});

	it('are not drawn for a host that has finished the task since the state was written', () => {
		const d = stalledData();
		d.matrix!.cells[2]![1] = 2; // h2: ok
		expect(matrixRow(d)).toBe('>.◔>');
	});

	it('are said in the footer, with the threshold, in the followed detail and in the legend', () => {
		const d = stalledData();
		const {lastFrame} = render(<Screen data={d} ui={initialUiState()} width={120} height={30} />);
		expectFits(lastFrame(), 120, 30);
		const frame = lines(lastFrame());
		expect(frame.at(-1)).toBe('◔ stalled: task "task number 3" on h2, h3 for 4m12s (threshold 2m)');
		expect(frame.join('\n')).toContain('running 4m12s, past the stall threshold of 2m (set in the plan)');
		const help = lines(render(<Help width={100} height={30} />).lastFrame()).join('\n');
		expect(help).toContain('◔ stalled (running past its threshold)');
	});

	it('share the footer line with a message and a pause', () => {
		const pausing = run(osaSteps(), {status: 'pausing', waitingFor: 'task number 3'});
		const {lastFrame} = render(<Footer width={160} overlay="none" message="pause requested" run={pausing} canHandOver={false} abortStep={null} stalled={stall} />);
		expect(lines(lastFrame())[1]).toBe('pause requested · ◔ stalled: task "task number 3" on h2, h3 for 4m12s (threshold 2m) · pausing: waiting for task number 3 — a aborts');
	});

	it('name as many hosts as fit, then a count', () => {
		const many: StallView = {...stall, hosts: Array.from({length: 9}, (_, i) => ({host: `aio1_galera_container-${i}`, forMs: 300_000 - i}))};
		expect(stallWords(many)).toContain('container-8 for 5m00s');
		const short = stallWords(many, 120);
		expect(short).toMatch(/^stalled: task "task number 3" on aio1_galera_container-0, aio1_galera_container-1 and 7 more for 5m00s \(threshold 2m\)$/);
		expect(short.length).toBeLessThanOrEqual(120);
		expect(stallWords(many, 40)).toMatch(/ on 9 hosts for 5m00s \(threshold 2m\)$/);
		expect([thresholdText(45_000), thresholdText(90_000), thresholdText(3_600_000), thresholdText(7_260_000)]).toEqual(['45s', '1m30s', '1h', '2h01m']);
	});

	it('say in the detail pane how long past which threshold', () => {
		const d = stalledData();
		const g = screenGeometry(d, initialUiState({cursor: {row: 2, col: 1, step: 2}}), 120, 24).matrix!;
		const text = lines(render(<DetailPane model={d.matrix} geometry={g} detail={null} step={d.run.steps[2]!} width={80} height={8} />).lastFrame()).join('\n');
		expect(text).toContain('◔ stalled (running past its threshold)  h2');
		expect(text).toContain('running 4m12s, past the stall threshold of 2m (set in the plan)');
	});
});

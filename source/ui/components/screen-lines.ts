// The whole screen as lines of styled segments: header, plan | matrix over detail (or an
// overlay), footer. Pure: the Screen component draws these lines through Ink, the viewer's frame
// writer straight to the terminal, and `replay --cast` into a file, so all three agree.
import type {ViewerData} from '../types.js';
import type {UiState} from '../ui-state.js';
import {confirmStartLines} from './confirm-start.js';
import {cutNameUnderCursor} from './cut-name.js';
import {detailPaneLines, detailViewLines} from './detail-pane.js';
import {footerLines} from './footer.js';
import {handOverCount, hasHandOver, screenGeometry} from './geometry.js';
import {headerSegments} from './header.js';
import {handOverLines} from './handover.js';
import {helpViewLines} from './help.js';
import {logViewLines} from './log-view.js';
import {matrixLines} from './matrix-pane.js';
import {planLines} from './plan-pane.js';
import {ansiLine, block, padSegments, type Segment} from './text.js';

/** What the start prompt's input holds (the component keeps it; the lines only show it). */
export interface ConfirmInput {
	value: string;
	wrong: boolean;
}

export interface ScreenFrame {
	lines: Segment[][];
	width: number;
	height: number;
}

/** The screen's lines, and its size (the terminal's, at least 40x10). */
export function screenLines(data: ViewerData, ui: UiState, width: number, height: number, confirm: ConfirmInput = {value: '', wrong: false}): ScreenFrame {
	const g = screenGeometry(data, ui, width, height);
	const {run} = data;
	const shown = run.steps[g.step] ?? null;
	const running = run.steps.find((s) => s.status === 'running') ?? null;
	const full = g.width;
	let body: Segment[][];
	if (ui.overlay === 'help') body = helpViewLines(full, g.bodyHeight, ui.detailScroll, ui.bandRule);
	else if (ui.overlay === 'confirm-start') body = confirmStartLines({planName: run.planName, steps: run.steps, width: full, height: g.bodyHeight, ...confirm});
	else if (ui.overlay === 'handover') body = handOverLines({lines: data.handOver ?? [], onHosts: data.handOverOnHosts ?? null, dir: run.source, width: full, height: g.bodyHeight, picked: Math.min(ui.handOverPick, Math.max(0, handOverCount(data) - 1))});
	else if (ui.overlay === 'log') body = logViewLines({lines: data.logLines, scroll: ui.logScroll, step: shown, width: full, height: g.bodyHeight});
	else if (ui.overlay === 'detail') {
		// The whole width: a failure's text is read (and copied) whole.
		body = detailViewLines({model: data.matrix, geometry: g.matrix, detail: data.detail, step: shown, waiting: data.waiting ?? null, scroll: ui.detailScroll, width: full, height: g.bodyHeight});
	} else {
		const plan = block(planLines({steps: run.steps, rows: g.planRows, shown: g.step, highlight: g.planHighlight, focused: ui.focus === 'plan', from: g.planFrom, visible: g.planVisible, width: g.planWidth, height: g.bodyHeight}), g.bodyHeight);
		const right = [
			...block(matrixLines({model: data.matrix, geometry: g.matrix, step: shown, focused: ui.focus === 'matrix', width: g.rightWidth}), g.matrixHeight),
			...block(detailPaneLines({model: data.matrix, geometry: g.matrix, detail: data.detail, step: shown, waiting: data.waiting ?? null, width: g.rightWidth, height: g.detailHeight}), g.detailHeight),
		];
		body = plan.map((line, i) => [...padSegments(line, g.planWidth), {text: '│', dim: true}, ...padSegments(right[i] ?? [], g.rightWidth)]);
	}
	const footer = footerLines({
		width: full,
		overlay: ui.overlay,
		filterDraft: ui.filterDraft,
		message: ui.message,
		run,
		canHandOver: hasHandOver(data),
		abortStep: running ? running.name || running.id : null,
		stalled: running?.stalled ?? null,
		waiting: running ? (data.waiting ?? null) : null,
		cutName: cutNameUnderCursor(data, ui, g),
	});
	return {lines: [headerSegments(run, full), ...block(body, g.bodyHeight), ...block(footer, 2)], width: g.width, height: g.height};
}

/** The frame's lines as the terminal gets them (SGR-styled; no colours when `color` is false). */
export function styledLines(frame: ScreenFrame, color: boolean): string[] {
	return frame.lines.map((line) => ansiLine(line, frame.width, color));
}

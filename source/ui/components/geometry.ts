// Where everything goes on a screen of a given size: header, plan pane, matrix and detail,
// footer (the matrix's own window: matrix-geometry.ts). Pure; the Screen draws from it and the
// app builds the reducer's context (`uiContext`) and picks the cell whose details to read
// (`selectedCell`) from the same numbers, so keys and picture always agree.
import {hostBands} from '../../matrix/bands.js';
import {failedCells} from '../../matrix/reducer.js';
import type {ViewerData} from '../types.js';
import {fullDetailRows} from './detail-pane.js';
import {logRows} from './log-view.js';
import {helpLines} from './help.js';
import {filteredHosts, length, matrixGeometry, minTaskWidth, type MatrixGeometry} from './matrix-geometry.js';
import {noteFor, stepLineName} from './plan-pane.js';
import {clamp, keepVisible, runStateKey, shownStep, type Cell, type UiContext, type UiState} from '../ui-state.js';
import {foldedName, planRows, rowOfStep, type PlanRow} from '../plan-rows.js';

export interface Geometry {
	width: number;
	height: number;
	bodyHeight: number;
	planWidth: number;
	rightWidth: number;
	matrixHeight: number;
	detailHeight: number;
	/** The step the matrix shows, -1 when none. */
	step: number;
	/** The plan pane's rows (a finished split step folded into one); planFrom counts in them. */
	planRows: PlanRow[];
	planFrom: number;
	/** Plan lines for steps (one more is kept for the running step's progress). */
	planVisible: number;
	/** The highlighted plan line. */
	planHighlight: number;
	matrix: MatrixGeometry | null;
	logVisible: number;
}

const minPlanWidth = 20;

/**
 * The plan pane as wide as its longest step line (up to 30% of the screen); narrower, down to
 * 20, when the matrix's hosts need the room to show one glyph each.
 */
function planWidthFor(data: ViewerData, ui: UiState, width: number, rows: readonly PlanRow[]): number {
	// A step line: marker, glyph, space, name, then a space and a 6-wide duration; a note under
	// a step (its progress, why it stopped) is indented by 4.
	const steps = data.run.steps;
	const folded = rows.filter((row) => row.last > row.first);
	const natural = folded.reduce(
		(w, row) => Math.max(w, length(foldedName(steps, row)) + 10),
		steps.reduce((w, s) => Math.max(w, length(stepLineName(s)) + 10, length(noteFor(s)?.text ?? '') + 4), minPlanWidth),
	);
	let plan = clamp(natural, minPlanWidth, Math.max(minPlanWidth, Math.floor(width * 0.3)));
	const model = data.matrix;
	if (model && model.hosts.length > 0) {
		const shown = filteredHosts(model, ui) ?? model.hosts.map((_name, i) => i);
		const needed = shown.length + hostBands(model, shown, ui.bandRule).length - 1 + minTaskWidth(width) + 2;
		// Only when that makes them all fit: else the columns scroll or fold anyway.
		if (width - 1 - needed >= minPlanWidth) plan = Math.min(plan, width - 1 - needed);
	}
	return plan;
}

export function screenGeometry(data: ViewerData, ui: UiState, screenWidth: number, screenHeight: number): Geometry {
	const width = Math.max(40, Math.floor(screenWidth));
	const height = Math.max(10, Math.floor(screenHeight));
	const bodyHeight = height - 3;
	const rows = planRows(data.run.steps);
	const planWidth = planWidthFor(data, ui, width, rows);
	const rightWidth = width - planWidth - 1;
	const detailHeight = clamp(Math.floor(bodyHeight * 0.4), 6, 16);
	const matrixHeight = bodyHeight - detailHeight;
	const step = shownStep(ui, data.run);
	const planVisible = Math.max(1, bodyHeight - 2);
	const planHighlight = ui.focus === 'plan' && ui.planCursor !== null ? ui.planCursor : step;
	const planFrom = keepVisible(ui.scroll.plan, rowOfStep(rows, Math.max(0, planHighlight)), planVisible, rows.length);
	const matrix = data.matrix && step >= 0 ? matrixGeometry(data.matrix, ui, step, data.run.steps[step] ?? null, rightWidth, matrixHeight) : null;
	return {width, height, bodyHeight, planWidth, rightWidth, matrixHeight, detailHeight, step, planRows: rows, planFrom, planVisible, planHighlight, matrix, logVisible: bodyHeight - 1};
}

/** The context uiReducer needs, from the same geometry the Screen draws. */
export function uiContext(data: ViewerData, ui: UiState, width: number, height: number): UiContext {
	const g = screenGeometry(data, ui, width, height);
	const m = g.matrix;
	return {
		steps: data.run.steps.length,
		currentStep: data.run.currentStep,
		rows: m ? data.matrix!.tasks.length : 0,
		rowList: m?.rowList ?? [],
		columns: m ? m.columns.map((c) => c.hosts) : [],
		visibleRows: m?.visibleRows ?? 1,
		visibleCols: m?.visibleCols ?? 1,
		visibleSteps: g.planVisible,
		planRows: g.planRows,
		follow: m?.follow ?? null,
		followRowFrom: m?.followRowFrom ?? 0,
		followColFrom: m?.followColFrom ?? 0,
		// Screen lines, wrapped, while the log view is open: what it scrolls over.
		logLines: ui.overlay === 'log' ? logRows(data.logLines ?? [], g.width).rows.length : (data.logLines?.length ?? 0),
		logVisible: g.logVisible,
		failures: () => (m ? failedCells(data.matrix!) : []),
		// Wrapped only while the full view is open: it is the one place they are counted.
		// (The help scrolls the same way when it does not fit.)
		detailLines:
			ui.overlay === 'detail' ? fullDetailRows(data.matrix, m, data.detail, data.run.steps[g.step] ?? null, g.width, data.waiting ?? null).length : ui.overlay === 'help' ? helpLines(g.width, ui.bandRule).length : 0,
		detailVisible: g.logVisible,
		canAbort: !data.run.replay && data.run.live && data.run.steps.some((s) => s.status === 'running'),
		replay: data.run.replay,
		canHandOver: hasHandOver(data),
		handOverCount: handOverCount(data),
		runState: runStateKey(data.run),
		groupsKnown: (data.matrix?.hostGroups.size ?? 0) > 0,
	};
}

/** The commands H lists: handover.txt's, and the failed step on its failed hosts only. */
export function handOverCount(data: ViewerData): number {
	const listed = data.handOver?.length ?? 0;
	return listed + (listed > 0 && data.handOverOnHosts ? 1 : 0);
}

/** Commands to go on by hand are there (after a failure or an abort): H shows them. */
export function hasHandOver(data: ViewerData): boolean {
	return data.handOver !== null && data.handOver.length > 0;
}

/** The cell whose details the detail pane shows (host coordinates), null when none. */
export function selectedCell(data: ViewerData, ui: UiState, width: number, height: number): Cell | null {
	return screenGeometry(data, ui, width, height).matrix?.selected ?? null;
}

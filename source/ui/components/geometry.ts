// Where everything goes on a screen of a given size: pane sizes, the visible window of the
// matrix (rows, columns, grouping, labels) and the highlighted cell. Pure; the Screen draws
// from it and the app builds the reducer's context (`uiContext`) and picks the cell whose
// details to read (`selectedCell`) from the same numbers, so keys and picture always agree.
import {abbreviateHosts} from '../../matrix/abbrev.js';
import {groupColumns, type ColumnGroup} from '../../matrix/group.js';
import {failedCells, firstFailure} from '../../matrix/reducer.js';
import {cellStatuses, type MatrixModel} from '../../matrix/types.js';
import type {StepView, ViewerData} from '../types.js';
import {fullDetailRows} from './detail-pane.js';
import {stalledFor} from './stall.js';
import {clamp, keepVisible, runStateKey, shownStep, type Cell, type UiContext, type UiState} from '../ui-state.js';

export interface MatrixGeometry {
	taskWidth: number;
	/** Width of a column label; a column takes labelWidth + 1. */
	labelWidth: number;
	/** Displayed columns (one host each unless grouped) and their labels. */
	columns: ColumnGroup[];
	labels: string[];
	grouped: boolean;
	rowFrom: number;
	visibleRows: number;
	colFrom: number;
	visibleCols: number;
	/** The highlighted cell (host coordinates) and its displayed column (-1 when none). */
	selected: Cell | null;
	selectedColumn: number;
	/** True while no cell is chosen by the operator. */
	following: boolean;
	/** Why the followed cell is the one it is. */
	followReason: 'failure' | 'current' | null;
	follow: Cell | null;
	followRowFrom: number;
	followColFrom: number;
	/** `/` or `x` in force: how many hosts show of how many. */
	filter: {text: string; problemsOnly: boolean; shown: number; total: number} | null;
}

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
	planFrom: number;
	/** Plan lines for steps (one more is kept for the running step's progress). */
	planVisible: number;
	/** The highlighted plan line. */
	planHighlight: number;
	matrix: MatrixGeometry | null;
	logVisible: number;
}

const minLabel = 3;
const maxLabel = 14;

/**
 * The cell to show while following: the first failure, else the first stalled cell (its detail
 * says for how long), else the running task's busiest cell.
 */
export function followCell(model: MatrixModel, step: Pick<StepView, 'stalled'> | null = null): {cell: Cell | null; reason: 'failure' | 'current' | null} {
	const failure = firstFailure(model);
	if (failure) return {cell: failure, reason: 'failure'};
	const stalledRow = step?.stalled ? model.taskIndex.get(step.stalled.taskId) : undefined;
	if (stalledRow !== undefined) {
		const col = model.hosts.findIndex((_h, c) => stalledFor(model, stalledRow, c, step) !== null);
		if (col >= 0) return {cell: {row: stalledRow, col}, reason: 'current'};
	}
	const row = model.currentRow;
	const cells = model.cells[row];
	if (row < 0 || !cells || model.hosts.length === 0) return {cell: null, reason: null};
	let col = cells.subarray(0, model.hosts.length).indexOf(1);
	if (col < 0) col = Math.max(0, cells.subarray(0, model.hosts.length).findIndex((c) => c !== 0));
	return {cell: {row, col}, reason: 'current'};
}

// Labels per host list and width: a model's host list only grows, so (list, length, width) is a key.
const labelCache = new WeakMap<string[], Map<string, string[]>>();

function labelsFor(hosts: string[], width: number): string[] {
	let byKey = labelCache.get(hosts);
	if (!byKey) labelCache.set(hosts, (byKey = new Map()));
	const key = `${hosts.length}:${width}`;
	let labels = byKey.get(key);
	if (!labels) {
		if (byKey.size > 16) byKey.clear();
		labels = abbreviateHosts(hosts, width);
		byKey.set(key, labels);
	}
	return labels;
}

function widest(labels: string[]): number {
	return labels.reduce((w, l) => Math.max(w, Array.from(l).length), 0);
}

function groupLabel(count: number, width: number): string {
	return `×${count}`.length <= width ? `×${count}` : String(count);
}

/** The largest label width (down to 3) at which `count` columns fit in `space`. */
function labelWidthFor(count: number, space: number, natural: number): number {
	let width = natural;
	while (width > minLabel && count * (width + 1) > space) width--;
	return width;
}

function matrixGeometry(model: MatrixModel, ui: UiState, step: number, shown: StepView | null, width: number, height: number): MatrixGeometry {
	const visibleRows = Math.max(1, height - 2);
	const taskWidth = width < 70 ? clamp(Math.floor(width * 0.3), 8, 16) : Math.min(32, Math.floor(width * 0.3));
	const space = Math.max(minLabel + 1, width - taskWidth - 1);
	const rows = model.tasks.length;
	const hosts = model.hosts.length;
	const follow = followCell(model, shown);
	const own = ui.cursor !== null && ui.cursor.step === step ? ui.cursor : null;
	const cursor = own ? {row: clamp(own.row, 0, Math.max(0, rows - 1)), col: clamp(own.col, 0, Math.max(0, hosts - 1))} : null;
	const selected = cursor ?? follow.cell;

	const tail = Math.max(0, rows - visibleRows);
	const followRowFrom = model.currentRow >= 0 ? keepVisible(tail, model.currentRow, visibleRows, rows) : tail;
	const rowFrom = cursor ? keepVisible(ui.scroll.row, cursor.row, visibleRows, rows) : followRowFrom;

	const natural = clamp(widest(labelsFor(model.hosts, maxLabel)), minLabel, maxLabel);
	const shownHosts = filteredHosts(model, ui);
	const count = shownHosts?.length ?? hosts;
	let labelWidth = labelWidthFor(count, space, natural);
	const fitsAll = count * (labelWidth + 1) <= space;
	const grouped = !fitsAll && ui.grouping === 'auto';
	let columns: ColumnGroup[];
	if (grouped) {
		columns = groupColumns(model, rowFrom, rowFrom + visibleRows, shownHosts ?? undefined);
		labelWidth = labelWidthFor(columns.length, space, natural);
	} else {
		columns = (shownHosts ?? model.hosts.map((_name, i) => i)).map((i) => ({hosts: [i], label: model.hosts[i]!}));
		if (!fitsAll) labelWidth = Math.min(natural, 8);
	}
	const hostLabels = labelsFor(model.hosts, labelWidth);
	const labels = columns.map((c) => (c.hosts.length === 1 ? hostLabels[c.hosts[0]!]! : groupLabel(c.hosts.length, labelWidth)));
	const visibleCols = Math.max(1, Math.floor(space / (labelWidth + 1)));
	const columnOf = (cell: Cell | null) => (cell ? columns.findIndex((c) => c.hosts.includes(cell.col)) : -1);
	const selectedColumn = columnOf(selected);
	const followColumn = columnOf(follow.cell);
	const followColFrom = keepVisible(0, Math.max(0, followColumn), visibleCols, columns.length);
	const colFrom = cursor ? keepVisible(ui.scroll.col, Math.max(0, selectedColumn), visibleCols, columns.length) : followColFrom;
	return {
		taskWidth,
		labelWidth,
		columns,
		labels,
		grouped,
		rowFrom,
		visibleRows,
		colFrom,
		visibleCols,
		selected,
		selectedColumn,
		following: cursor === null,
		followReason: follow.reason,
		follow: follow.cell,
		followRowFrom,
		followColFrom,
		filter: shownHosts === null ? null : {text: ui.hostFilter, problemsOnly: ui.problemsOnly, shown: shownHosts.length, total: hosts},
	};
}

/** The hosts `/` and `x` leave (in column order), or null when neither is in force. */
function filteredHosts(model: MatrixModel, ui: UiState): number[] | null {
	const text = ui.hostFilter.toLowerCase();
	if (text === '' && !ui.problemsOnly) return null;
	const out: number[] = [];
	for (let col = 0; col < model.hosts.length; col++) {
		if (text !== '' && !model.hosts[col]!.toLowerCase().includes(text)) continue;
		if (ui.problemsOnly && !hostHasProblem(model, col)) continue;
		out.push(col);
	}
	return out;
}

const problemCodes = new Set((['changed', 'failed', 'unreachable'] as const).map((status) => cellStatuses.indexOf(status)));

function hostHasProblem(model: MatrixModel, col: number): boolean {
	for (const cells of model.cells) if (problemCodes.has(cells[col] ?? 0)) return true;
	return false;
}

export function screenGeometry(data: ViewerData, ui: UiState, screenWidth: number, screenHeight: number): Geometry {
	const width = Math.max(40, Math.floor(screenWidth));
	const height = Math.max(10, Math.floor(screenHeight));
	const bodyHeight = height - 3;
	const planWidth = width < 120 ? clamp(Math.floor(width / 3), 20, 30) : Math.min(44, Math.floor(width / 4));
	const rightWidth = width - planWidth - 1;
	const detailHeight = clamp(Math.floor(bodyHeight * 0.4), 6, 16);
	const matrixHeight = bodyHeight - detailHeight;
	const step = shownStep(ui, data.run);
	const planVisible = Math.max(1, bodyHeight - 2);
	const planHighlight = ui.focus === 'plan' && ui.planCursor !== null ? ui.planCursor : step;
	const steps = data.run.steps.length;
	const planFrom = keepVisible(ui.scroll.plan, Math.max(0, planHighlight), planVisible, steps);
	const matrix = data.matrix && step >= 0 ? matrixGeometry(data.matrix, ui, step, data.run.steps[step] ?? null, rightWidth, matrixHeight) : null;
	return {width, height, bodyHeight, planWidth, rightWidth, matrixHeight, detailHeight, step, planFrom, planVisible, planHighlight, matrix, logVisible: bodyHeight - 1};
}

/** The context uiReducer needs, from the same geometry the Screen draws. */
export function uiContext(data: ViewerData, ui: UiState, width: number, height: number): UiContext {
	const g = screenGeometry(data, ui, width, height);
	const m = g.matrix;
	return {
		steps: data.run.steps.length,
		currentStep: data.run.currentStep,
		rows: m ? data.matrix!.tasks.length : 0,
		columns: m ? m.columns.map((c) => c.hosts) : [],
		visibleRows: m?.visibleRows ?? 1,
		visibleCols: m?.visibleCols ?? 1,
		visibleSteps: g.planVisible,
		follow: m?.follow ?? null,
		followRowFrom: m?.followRowFrom ?? 0,
		followColFrom: m?.followColFrom ?? 0,
		logLines: data.logLines?.length ?? 0,
		logVisible: g.logVisible,
		failures: () => (m ? failedCells(data.matrix!) : []),
		// Wrapped only while the full view is open: it is the one place they are counted.
		detailLines: ui.overlay === 'detail' ? fullDetailRows(data.matrix, m, data.detail, data.run.steps[g.step] ?? null, g.width, data.waiting ?? null).length : 0,
		detailVisible: g.logVisible,
		canAbort: data.run.live && data.run.steps.some((s) => s.status === 'running'),
		canHandOver: data.handOver !== null && data.handOver.length > 0,
		runState: runStateKey(data.run),
	};
}

/** The cell whose details the detail pane shows (host coordinates), null when none. */
export function selectedCell(data: ViewerData, ui: UiState, width: number, height: number): Cell | null {
	return screenGeometry(data, ui, width, height).matrix?.selected ?? null;
}

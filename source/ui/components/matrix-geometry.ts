// The matrix pane's window on a screen: which tasks and hosts show (filters, bands, folds), how
// the column labels go (across, staggered, down), how wide the task column is, and the
// highlighted cell. Pure, like the screen geometry that places the pane.
import {hostBands, type Band, type BandRule} from '../../matrix/bands.js';
import {hostLabels} from '../../matrix/labels.js';
import {groupColumns, type ColumnGroup} from '../../matrix/group.js';
import {firstFailure} from '../../matrix/reducer.js';
import {cellStatuses, type MatrixModel} from '../../matrix/types.js';
import type {StepView} from '../types.js';
import {stalledFor} from './stall.js';
import {clamp, keepVisible, rowPosition, type Cell, type UiState} from '../ui-state.js';

export interface MatrixGeometry {
	taskWidth: number;
	/** Characters per displayed column: its glyph, then padding. */
	colWidth: number;
	/** Characters right of the task column (after the ‹ mark): a last label may run to its end. */
	areaWidth: number;
	/** Labels written down the columns, one character a line (dense columns), else across one line. */
	vertical: boolean;
	/** Lines of the column header (band names, then labels). */
	headerLines: number;
	/** Lines of band names: 2 when a name is wider than its band, every other band on each. */
	bandLines: number;
	/** Displayed columns (one host each unless folded) and their labels. */
	columns: DisplayColumn[];
	labels: string[];
	/** Band names in display order; empty when the rule makes no bands (no inventory groups known, B's none). */
	bands: string[];
	/** What the bands are (B): inventory groups or name prefixes. */
	bandRule: BandRule;
	grouped: boolean;
	/** The tasks (model rows) shown, in order: all of them unless `/` or `x` leaves fewer. */
	rowList: number[];
	/** First shown row and how many show: positions in rowList. */
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
	/** `/` or `x` in force: how many hosts and tasks show of how many. */
	filter: {text: string; problemsOnly: boolean; shown: number; total: number; tasksShown: number; tasks: number} | null;
}

/** A displayed column: its hosts (one, alike hosts folded, or a whole band), and its band's index. */
export interface DisplayColumn extends ColumnGroup {
	band: number;
	/** A whole band folded into one column: its cells show the band's worst status. */
	summary: boolean;
}

/** Vertical labels take at most this share of the matrix's lines. */
const verticalShare = 0.35;

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

// Labels per host list: a model's host list only grows, so (list, length) is a key.
const labelCache = new WeakMap<string[], {count: number; labels: string[]}>();

function labelsFor(hosts: string[]): string[] {
	const known = labelCache.get(hosts);
	if (known && known.count === hosts.length) return known.labels;
	const labels = hostLabels(hosts);
	labelCache.set(hosts, {count: hosts.length, labels});
	return labels;
}

export const length = (s: string): number => Array.from(s).length;

/** Columns of the hosts, band by band: one per host, alike hosts folded, or one per band. */
function displayColumns(model: MatrixModel, bands: Band[], fold: 'none' | 'alike' | 'bands', rows: readonly number[]): DisplayColumn[] {
	const out: DisplayColumn[] = [];
	bands.forEach((band, b) => {
		if (fold === 'bands') out.push({hosts: band.hosts, label: bandTitle(band.name), band: b, summary: true});
		else if (fold === 'alike') for (const group of groupColumns(model, rows, band.hosts)) out.push({...group, band: b, summary: false});
		else for (const h of band.hosts) out.push({hosts: [h], label: model.hosts[h]!, band: b, summary: false});
	});
	return out;
}

function columnLabel(column: DisplayColumn, labels: string[]): string {
	if (column.summary) return column.label;
	return column.hosts.length === 1 ? labels[column.hosts[0]!]! : `×${column.hosts.length}`;
}

/**
 * The labels within their bands: what all of a band's labels start with is said by the band, so
 * it goes (`galera@1 galera@2` under galera_all read `1 2`). Still the same at every width.
 */
function labelsInBands(labels: string[], bands: Band[]): string[] {
	const out = [...labels];
	for (const band of bands) {
		if (band.name === '' || band.hosts.length < 2) continue;
		const members = band.hosts.map((h) => labels[h]!);
		let common = members[0]!;
		for (const l of members) while (!l.startsWith(common)) common = common.slice(0, -1);
		const cut = Math.max(...['@', '_', '-', '.'].map((sep) => common.lastIndexOf(sep))) + 1;
		if (cut <= 0 || members.some((l) => l.length <= cut)) continue;
		for (const h of band.hosts) out[h] = labels[h]!.slice(cut);
	}
	return out;
}

/** Characters the columns take at a column width: a separator before each band but the first. */
function spanOf(columns: DisplayColumn[], colWidth: number): number {
	let bandsSeen = 0;
	for (let i = 0; i < columns.length; i++) if (i === 0 || columns[i]!.band !== columns[i - 1]!.band) bandsSeen++;
	return columns.length * colWidth + Math.max(0, bandsSeen - 1);
}

/**
 * How the labels go: across one line (a column as wide as the widest label), staggered over two
 * lines (half as wide), else down the columns (one glyph and a gap, or one glyph alone).
 */
function headerFor(columns: DisplayColumn[], labelWidth: number, space: number, verticalRoom: number): {vertical: boolean; colWidth: number; labelLines: number} {
	if (spanOf(columns, labelWidth + 1) <= space) return {vertical: false, colWidth: labelWidth + 1, labelLines: 1};
	const half = Math.max(2, Math.ceil((labelWidth + 1) / 2));
	if (columns.length > 1 && spanOf(columns, half) <= space) return {vertical: false, colWidth: half, labelLines: 2};
	return {vertical: true, colWidth: spanOf(columns, 2) <= space ? 2 : 1, labelLines: Math.min(verticalRoom, labelWidth)};
}

/** The task column's least width: below it two tasks' names start alike too often. */
export const minTaskWidth = (width: number): number => (width < 70 ? clamp(Math.floor(width * 0.3), 8, 12) : 14);
/** The task column's widest, in a pane `width` wide: room for long names where hosts leave it. */
const maxTaskWidth = (width: number): number => Math.max(60, Math.floor(width * 0.6));

// The widest task name per task list (it only grows, so its length is a key).
const taskNameCache = new WeakMap<MatrixModel['tasks'], {count: number; widest: number}>();

function widestTask(tasks: MatrixModel['tasks']): number {
	const known = taskNameCache.get(tasks);
	let {count, widest} = known ?? {count: 0, widest: 0};
	for (; count < tasks.length; count++) {
		const t = tasks[count]!;
		widest = Math.max(widest, length(t.name) + (t.handler ? 9 : 0));
	}
	taskNameCache.set(tasks, {count, widest});
	return widest;
}

/** How a band is named over its columns: its group, without the `_all` OSA's groups end with. */
export function bandTitle(name: string): string {
	return name === '' ? 'other' : name.replace(/(.)_all$/, '$1');
}

/** Is some band's name wider than the band (one space before the next)? */
function bandsCramped(columns: DisplayColumn[], bands: Band[], colWidth: number): boolean {
	const counts = new Array<number>(bands.length).fill(0);
	for (const c of columns) counts[c.band]!++;
	return bands.some((b, i) => length(bandTitle(b.name)) > counts[i]! * colWidth - 1);
}

export function matrixGeometry(model: MatrixModel, ui: UiState, step: number, shown: StepView | null, width: number, height: number): MatrixGeometry {
	// The task names get their room first when the hosts still show with labels across (in one
	// line or two); else the columns take what they need and the task column gets the rest.
	const space = Math.max(2, width - minTaskWidth(width) - 2);
	const roomy = width - clamp(widestTask(model.tasks) + 1, minTaskWidth(width), maxTaskWidth(width)) - 2;
	const header = (cols: DisplayColumn[], labelWidth: number, verticalRoom: number) => {
		const roomyHeader = roomy >= 2 ? headerFor(cols, labelWidth, roomy, verticalRoom) : null;
		return roomyHeader && !roomyHeader.vertical ? roomyHeader : headerFor(cols, labelWidth, space, verticalRoom);
	};
	const rows = model.tasks.length;
	const hosts = model.hosts.length;
	const follow = followCell(model, shown);
	const own = ui.cursor !== null && ui.cursor.step === step ? ui.cursor : null;
	const cursor = own ? {row: clamp(own.row, 0, Math.max(0, rows - 1)), col: clamp(own.col, 0, Math.max(0, hosts - 1))} : null;
	const selected = cursor ?? follow.cell;

	const shownHosts = filteredHosts(model, ui);
	const shownRows = filteredRows(model, ui);
	const rowList = shownRows ?? model.tasks.map((_task, i) => i);
	const bands = hostBands(model, shownHosts ?? model.hosts.map((_name, i) => i), ui.bandRule);
	const banded = bands.length > 1 || (bands[0]?.name ?? '') !== '';
	const hostLabels = labelsInBands(labelsFor(model.hosts), banded ? hostBands(model, model.hosts.map((_name, i) => i), ui.bandRule) : []);

	// First try one column per host with labels across; then dense columns with labels down;
	// then (g) hosts alike over the visible rows folded. b folds each band into one column.
	let bandLine = banded ? 1 : 0;
	const verticalRoom = Math.max(2, Math.floor(height * verticalShare));
	let fold: 'none' | 'alike' | 'bands' = ui.bandFold && banded ? 'bands' : 'none';
	let columns = displayColumns(model, bands, fold, []);
	let labels = columns.map((c) => columnLabel(c, hostLabels));
	let labelWidth = labels.reduce((w, l) => Math.max(w, length(l)), 1);
	let {vertical, colWidth, labelLines} = header(columns, labelWidth, verticalRoom);
	let visibleRows = Math.max(1, height - 1 - bandLine - labelLines);
	const shownCount = rowList.length;
	const tail = Math.max(0, shownCount - visibleRows);
	const followRowFrom = model.currentRow >= 0 ? keepVisible(tail, rowPosition(rowList, model.currentRow), visibleRows, shownCount) : tail;
	const rowFrom = cursor ? keepVisible(ui.scroll.row, rowPosition(rowList, cursor.row), visibleRows, shownCount) : followRowFrom;
	if (fold === 'none' && spanOf(columns, colWidth) > space && ui.grouping === 'auto') {
		fold = 'alike';
		columns = displayColumns(model, bands, fold, rowList.slice(rowFrom, rowFrom + visibleRows));
		labels = columns.map((c) => columnLabel(c, hostLabels));
		labelWidth = labels.reduce((w, l) => Math.max(w, length(l)), 1);
		const folded = header(columns, labelWidth, verticalRoom);
		// The rows' window was set for the first header; a taller one only hides the last rows.
		if (folded.labelLines > labelLines) visibleRows = Math.max(1, visibleRows - (folded.labelLines - labelLines));
		({vertical, colWidth, labelLines} = folded);
	}
	if (banded && bands.length > 1 && bandsCramped(columns, bands, colWidth)) {
		bandLine = 2;
		visibleRows = Math.max(1, visibleRows - 1);
	}
	const visibleCols = Math.max(1, Math.min(columns.length, Math.floor((space - Math.max(0, bands.length - 1)) / colWidth)));
	const used = Math.min(space, spanOf(columns, colWidth));
	const taskWidth = clamp(widestTask(model.tasks) + 1, minTaskWidth(width), Math.max(minTaskWidth(width), Math.min(maxTaskWidth(width), width - used - 2)));
	const columnOf = (cell: Cell | null) => (cell ? columns.findIndex((c) => c.hosts.includes(cell.col)) : -1);
	const selectedColumn = columnOf(selected);
	const followColumn = columnOf(follow.cell);
	const followColFrom = keepVisible(0, Math.max(0, followColumn), visibleCols, columns.length);
	const colFrom = cursor ? keepVisible(ui.scroll.col, Math.max(0, selectedColumn), visibleCols, columns.length) : followColFrom;
	return {
		taskWidth,
		colWidth,
		areaWidth: Math.max(0, width - taskWidth - 2),
		vertical,
		headerLines: bandLine + labelLines,
		bandLines: bandLine,
		columns,
		labels,
		bands: banded ? bands.map((b) => b.name) : [],
		bandRule: ui.bandRule,
		grouped: fold !== 'none',
		rowList,
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
		filter: shownHosts === null && shownRows === null ? null : {text: ui.hostFilter, problemsOnly: ui.problemsOnly, shown: shownHosts?.length ?? hosts, total: hosts, tasksShown: rowList.length, tasks: rows},
	};
}

const holds = (name: string, text: string): boolean => name.toLowerCase().includes(text);

/**
 * The hosts `/` and `x` leave (in column order), or null when neither is in force. The text
 * filters hosts when some host's name holds it (else it is about tasks and all hosts stay).
 */
export function filteredHosts(model: MatrixModel, ui: UiState): number[] | null {
	const text = ui.hostFilter.toLowerCase();
	if (text === '' && !ui.problemsOnly) return null;
	const byName = text !== '' && (model.hosts.some((h) => holds(h, text)) || !model.tasks.some((t) => holds(t.name, text)));
	const out: number[] = [];
	for (let col = 0; col < model.hosts.length; col++) {
		if (byName && !holds(model.hosts[col]!, text)) continue;
		if (ui.problemsOnly && !hostHasProblem(model, col)) continue;
		out.push(col);
	}
	return out;
}

/** The tasks `/` (when some task's name holds the text) and `x` leave, or null for all. */
function filteredRows(model: MatrixModel, ui: UiState): number[] | null {
	const text = ui.hostFilter.toLowerCase();
	const byName = text !== '' && model.tasks.some((t) => holds(t.name, text));
	if (!byName && !ui.problemsOnly) return null;
	const out: number[] = [];
	for (let row = 0; row < model.tasks.length; row++) {
		if (byName && !holds(model.tasks[row]!.name, text)) continue;
		if (ui.problemsOnly && !rowHasProblem(model, row)) continue;
		out.push(row);
	}
	return out;
}

const problemCodes = new Set((['changed', 'failed', 'unreachable'] as const).map((status) => cellStatuses.indexOf(status)));

function hostHasProblem(model: MatrixModel, col: number): boolean {
	for (const cells of model.cells) if (problemCodes.has(cells[col] ?? 0)) return true;
	return false;
}

function rowHasProblem(model: MatrixModel, row: number): boolean {
	const cells = model.cells[row]!;
	for (let col = 0; col < model.hosts.length; col++) if (problemCodes.has(cells[col] ?? 0)) return true;
	return false;
}

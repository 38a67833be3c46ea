// The task x host matrix of the shown step: rows are tasks, columns hosts (or groups of hosts
// alike over the visible rows); every status has a glyph and a colour, a stalled cell its own.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {cellLook, type Look} from '../../matrix/glyphs.js';
import {cellStatus} from '../../matrix/reducer.js';
import type {CellStatus, MatrixModel} from '../../matrix/types.js';
import {rowPosition} from '../ui-state.js';
import type {StepView} from '../types.js';
import {bandTitle, type DisplayColumn, type MatrixGeometry} from './matrix-geometry.js';
import {stalledFor, stalledLook} from './stall.js';
import {cutDistinct, fit, Lines, type Segment} from './text.js';
import {wrapLine} from './wrap.js';

export interface MatrixPaneProps {
	model: MatrixModel | null;
	geometry: MatrixGeometry | null;
	step: StepView | null;
	focused: boolean;
	width: number;
	height: number;
}

/** A task cut off mid-run: its step ended (aborted, interrupted) before the task's result came. */
export const cutLook: Look = {glyph: '?', color: 'magenta', dim: false, word: 'cut off'};

/** A cell's look; a running cell of a step that no longer runs is not running: it was cut off. */
export function shownLook(status: CellStatus, step: Pick<StepView, 'status'> | null): Look {
	return status === 'running' && step !== null && step.status !== 'running' ? cutLook : cellLook(status);
}

function emptyReason(step: StepView | null): string {
	if (!step) return 'no step has started yet';
	if (step.status === 'pending') return 'not started yet';
	if (step.kind === 'command') return 'a command step (run:): no per-task results; L shows its output';
	if (step.eventsSeen === false) return 'no per-task results (callback plugin not loaded)';
	return 'no task results yet';
}

/** Is a task row (model index) in the window of shown rows? */
export function rowInView(g: MatrixGeometry, row: number): boolean {
	const at = rowPosition(g.rowList, row);
	return g.rowList[at] === row && at >= g.rowFrom && at < g.rowFrom + g.visibleRows;
}

/** `"galera", with problems: 3 of 36 hosts, 12 of 40 tasks  ` when a filter is in force. */
function filterTitle(g: MatrixGeometry): Segment[] {
	const f = g.filter;
	if (!f) return [];
	const what = [f.text ? `"${sanitizeLine(f.text)}"` : '', f.problemsOnly ? 'with problems' : ''].filter(Boolean).join(', ');
	const counts = [f.shown < f.total ? `${f.shown} of ${f.total} hosts` : '', f.tasksShown < f.tasks ? `${f.tasksShown} of ${f.tasks} tasks` : ''].filter(Boolean).join(', ');
	return [{text: `${what}: ${counts || 'all hosts and tasks'}`, color: 'cyan', bold: true}, {text: '  '}];
}

/** What the title says of the selected column: the full host name, or a group's members. */
function columnTitle(model: MatrixModel, g: MatrixGeometry): Segment[] {
	return [...filterTitle(g), ...selectedTitle(model, g)];
}

function selectedTitle(model: MatrixModel, g: MatrixGeometry): Segment[] {
	if (g.filter && (g.filter.shown === 0 || g.filter.tasksShown === 0)) return [{text: 'nothing matches — / changes the filter, x the problems-only view', dim: true}];
	const column = g.columns[g.selectedColumn];
	if (!column || !g.selected) return [{text: `${model.hosts.length} hosts`, dim: true}];
	const names = column.hosts.map((h) => sanitizeLine(model.hosts[h] ?? ''));
	const kind = g.bandRule === 'prefix' ? 'prefix' : 'group';
	if (column.summary) return [{text: `${kind} ${sanitizeLine(column.label)}, ${names.length} hosts (worst result shown): `, dim: true}, {text: names.join(', '), bold: true}];
	// A group is alike over the visible rows only: for a cell out of view, name its host alone.
	const inView = rowInView(g, g.selected.row);
	const group = g.bands.length > 0 ? [{text: `  ${kind} ${sanitizeLine(g.bands[column.band] || 'none')}`, dim: true}] : [];
	if (names.length === 1 || !inView) return [{text: 'host ', dim: true}, {text: sanitizeLine(model.hosts[g.selected.col] ?? ''), bold: true}, ...group];
	return [{text: `${names.length} hosts alike: `, dim: true}, {text: names.join(', '), bold: true}];
}

/** Worst first: a band's folded column shows the worst status any of its hosts has. */
const severity: CellStatus[] = ['failed', 'unreachable', 'running', 'changed', 'rescued', 'ignored', 'ok', 'skipped', 'none'];

function columnStatus(model: MatrixModel, row: number, column: DisplayColumn): CellStatus {
	if (!column.summary) return cellStatus(model, row, column.hosts[0]!);
	let worst = severity.length - 1;
	for (const h of column.hosts) worst = Math.min(worst, severity.indexOf(cellStatus(model, row, h)));
	return severity[worst]!;
}

/** Is a band separator drawn before this displayed column (not the window's first)? */
const bandStart = (g: MatrixGeometry, c: number): boolean => c > g.colFrom && g.columns[c]!.band !== g.columns[c - 1]!.band;

interface Placed {
	x: number;
	text: string;
	inverse?: boolean;
	bold?: boolean;
	color?: Segment['color'];
	dim?: boolean;
}

/** Texts placed at columns of a line (in x order, not overlapping) as segments, spaces between. */
function placedLine(lead: Segment[], placed: Placed[], end: number): Segment[] {
	const line = [...lead];
	let at = 0;
	for (const p of placed) {
		if (p.x > at) line.push({text: ' '.repeat(p.x - at)});
		const {x: _x, ...look} = p;
		line.push(look);
		at = p.x + Array.from(p.text).length;
	}
	if (end > at) line.push({text: ' '.repeat(end - at)});
	return line;
}

/**
 * The header: band names over their columns, then the labels: across one line, staggered over
 * two (each label may run over its neighbour's room), or down the columns one character a line.
 */
function headerLines(g: MatrixGeometry, colTo: number, where: Segment): Segment[][] {
	const xs: number[] = [];
	let x = 0;
	for (let c = g.colFrom; c < colTo; c++) {
		if (bandStart(g, c)) x++;
		xs.push(x);
		x += g.colWidth;
	}
	const more = colTo < g.columns.length;
	// Labels and band names may run past the last column, to the area's end (› kept clear).
	const end = Math.max(x, g.areaWidth - 1);
	const lead = (first: boolean): Segment[] => [first ? where : {text: ' '.repeat(g.taskWidth)}, {text: g.colFrom > 0 && first ? '‹' : ' ', dim: true}];
	const out: Segment[][] = [];
	// Band names: on one line, or every other band on each of two lines (each name may then run
	// over its neighbour's columns, up to the next name on its line).
	const starts: Array<{x: number; band: number}> = [];
	for (let c = g.colFrom; c < colTo; c++) if (c === g.colFrom || g.columns[c]!.band !== g.columns[c - 1]!.band) starts.push({x: xs[c - g.colFrom]!, band: g.columns[c]!.band});
	for (let k = 0; k < g.bandLines; k++) {
		const placed: Placed[] = [];
		starts.forEach(({x, band}, i) => {
			if (g.bandLines === 2 && i % 2 !== k) return;
			const next = starts[i + g.bandLines]?.x;
			const room = (next === undefined ? end : next - 1) - x - 1;
			if (room >= 1) placed.push({x, text: fit(sanitizeLine(bandTitle(g.bands[band] ?? '')), room), color: 'cyan'});
		});
		out.push(placedLine(lead(false), placed, end));
	}
	const labelLines = g.headerLines - g.bandLines;
	for (let k = 0; k < labelLines; k++) {
		const placed: Placed[] = [];
		for (let c = g.colFrom; c < colTo; c++) {
			const i = c - g.colFrom;
			const label = sanitizeLine(g.labels[c] ?? '');
			const look = {inverse: c === g.selectedColumn, bold: g.columns[c]!.hosts.length > 1};
			if (g.vertical) {
				const ch = Array.from(label)[k];
				if (ch !== undefined) placed.push({x: xs[i]!, text: ch, ...look});
			} else if (labelLines === 1 || i % 2 === k) {
				// Up to the next label on this line, one space before it.
				const nextX = labelLines === 1 ? xs[i + 1] : xs[i + 2];
				const room = (nextX ?? end) - xs[i]! - 1;
				if (room >= 1) placed.push({x: xs[i]!, text: fit(label, room), ...look});
			}
		}
		const line = placedLine(lead(out.length === 0), placed, end);
		if (more && k === 0) line.push({text: '›', dim: true});
		out.push(line);
	}
	return out;
}

/** A task row's name as the matrix shows it, before any cut. */
export function taskRowName(model: MatrixModel, row: number): string {
	const task = model.tasks[row]!;
	return `${task.handler ? 'handler: ' : ''}${sanitizeLine(task.name) || '(unnamed task)'}`;
}

/** The pane's lines, styled (the glyphs and colours the Lines block draws). */
export function matrixLines({model, geometry: g, step, focused, width}: Omit<MatrixPaneProps, 'height'>): Segment[][] {
	if (!model || !g || model.tasks.length === 0) {
		const title = [{text: 'TASKS × HOSTS', bold: focused, dim: !focused}];
		// A step that ended before any task (ansible could not load its playbook, say): why, whole,
		// where the matrix would be; the plan pane has room only for its start.
		if (step?.reason && (step.status === 'failed' || step.status === 'interrupted' || step.status === 'aborted')) {
			return [title, ...wrapLine([{text: '  '}, {text: sanitizeLine(step.reason), color: 'red'}], width, 2)];
		}
		return [title, [{text: `  ${emptyReason(step)}`, dim: true}]];
	}
	const rows = g.rowList.length;
	const rowTo = Math.min(rows, g.rowFrom + g.visibleRows);
	const colTo = Math.min(g.columns.length, g.colFrom + g.visibleCols);
	const cw = g.colWidth;
	// Where the window is: over the columns when they do not all fit, else over the tasks.
	const where = g.columns.length > g.visibleCols ? `hosts ${g.colFrom + 1}-${colTo}/${g.columns.length}` : `tasks ${Math.min(rows, g.rowFrom + 1)}-${rowTo}/${rows}`;
	const out: Segment[][] = [columnTitle(model, g), ...headerLines(g, colTo, {text: fit(where, g.taskWidth), dim: !focused, bold: focused})];
	// Tasks whose names start alike still read differently when cut.
	const names = cutDistinct(g.rowList.slice(g.rowFrom, rowTo).map((r) => taskRowName(model, r)), g.taskWidth);
	for (let at = g.rowFrom; at < rowTo; at++) {
		const r = g.rowList[at]!;
		const current = r === model.currentRow && !model.finished && (step === null || step.status === 'running');
		const picked = g.selected?.row === r;
		const name = names[at - g.rowFrom]!;
		const cells: Segment[] = [];
		let stalledRow = false;
		for (let c = g.colFrom; c < colTo; c++) {
			const column = g.columns[c]!;
			if (bandStart(g, c)) cells.push({text: '│', dim: true});
			// A group with any stalled host shows the stall: it must not hide in a fold.
			const stalled = column.hosts.some((h) => stalledFor(model, r, h, step) !== null);
			stalledRow ||= stalled;
			const look = stalled ? stalledLook : shownLook(columnStatus(model, r, column), step);
			const here = picked && c === g.selectedColumn;
			// A stalled cell is inverse already: the cursor on it shows as the one plain cell.
			cells.push({text: look.glyph, color: look.color, dim: look.dim, inverse: stalled ? !here : here});
			// The padding takes the glyph's colour (invisible on spaces) so alike cells merge into one run.
			if (cw > 1) cells.push({text: ' '.repeat(cw - 1), color: look.color, dim: look.dim});
		}
		const label: Segment = {text: fit(name, g.taskWidth), bold: current || stalledRow, inverse: picked && focused && !g.following, color: stalledRow ? stalledLook.color : undefined};
		out.push([label, {text: ' '}, ...cells]);
	}
	return out;
}

export function MatrixPane({height, ...rest}: MatrixPaneProps) {
	return <Lines lines={matrixLines(rest)} width={rest.width} height={height} />;
}

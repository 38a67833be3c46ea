// The task x host matrix of the shown step: rows are tasks, columns hosts (or groups of hosts
// alike over the visible rows); every status has a glyph and a colour, a stalled cell its own.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {cellLook, type Look} from '../../matrix/glyphs.js';
import {cellStatus} from '../../matrix/reducer.js';
import type {CellStatus, MatrixModel} from '../../matrix/types.js';
import type {StepView} from '../types.js';
import type {MatrixGeometry} from './geometry.js';
import {stalledFor, stalledLook} from './stall.js';
import {fit, Lines, type Segment} from './text.js';

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

/** `/ galera · x: 3 of 36 hosts  ` when a filter is in force. */
function filterTitle(g: MatrixGeometry): Segment[] {
	const f = g.filter;
	if (!f) return [];
	const what = [f.text ? `"${sanitizeLine(f.text)}"` : '', f.problemsOnly ? 'with problems' : ''].filter(Boolean).join(', ');
	return [{text: `hosts ${what}: ${f.shown} of ${f.total}`, color: 'cyan', bold: true}, {text: '  '}];
}

/** What the title says of the selected column: the full host name, or a group's members. */
function columnTitle(model: MatrixModel, g: MatrixGeometry): Segment[] {
	return [...filterTitle(g), ...selectedTitle(model, g)];
}

function selectedTitle(model: MatrixModel, g: MatrixGeometry): Segment[] {
	if (g.filter && g.filter.shown === 0) return [{text: 'no host matches — / changes the filter, x the problems-only view', dim: true}];
	const column = g.columns[g.selectedColumn];
	if (!column || !g.selected) return [{text: `${model.hosts.length} hosts`, dim: true}];
	const names = column.hosts.map((h) => sanitizeLine(model.hosts[h] ?? ''));
	// A group is alike over the visible rows only: for a cell out of view, name its host alone.
	const inView = g.selected.row >= g.rowFrom && g.selected.row < g.rowFrom + g.visibleRows;
	if (names.length === 1 || !inView) return [{text: 'host ', dim: true}, {text: sanitizeLine(model.hosts[g.selected.col] ?? ''), bold: true}];
	return [{text: `${names.length} hosts alike: `, dim: true}, {text: names.join(', '), bold: true}];
}

/** The pane's lines, styled (the glyphs and colours the Lines block draws). */
export function matrixLines({model, geometry: g, step, focused}: Omit<MatrixPaneProps, 'width' | 'height'>): Segment[][] {
	if (!model || !g || model.tasks.length === 0) {
		return [[{text: 'TASKS × HOSTS', bold: focused, dim: !focused}], [{text: `  ${emptyReason(step)}`, dim: true}]];
	}
	const rows = model.tasks.length;
	const rowTo = Math.min(rows, g.rowFrom + g.visibleRows);
	const colTo = Math.min(g.columns.length, g.colFrom + g.visibleCols);
	const cw = g.labelWidth + 1;
	// Where the window is: over the columns when they do not all fit, else over the tasks.
	const where = g.columns.length > g.visibleCols ? `hosts ${g.colFrom + 1}-${colTo}/${g.columns.length}` : `tasks ${g.rowFrom + 1}-${rowTo}/${rows}`;
	const title = columnTitle(model, g);
	const labelLine: Segment[] = [{text: fit(where, g.taskWidth), dim: !focused, bold: focused}, {text: g.colFrom > 0 ? '‹' : ' ', dim: true}];
	for (let c = g.colFrom; c < colTo; c++) {
		labelLine.push({text: fit(g.labels[c] ?? '', g.labelWidth), inverse: c === g.selectedColumn, bold: g.columns[c]!.hosts.length > 1});
		labelLine.push({text: c === colTo - 1 && colTo < g.columns.length ? '›' : ' ', dim: true});
	}
	const out: Segment[][] = [title, labelLine];
	for (let r = g.rowFrom; r < rowTo; r++) {
		const task = model.tasks[r]!;
		const current = r === model.currentRow && !model.finished && (step === null || step.status === 'running');
		const picked = g.selected?.row === r;
		const name = `${task.handler ? 'handler: ' : ''}${sanitizeLine(task.name) || '(unnamed task)'}`;
		const cells: Segment[] = [];
		let stalledRow = false;
		for (let c = g.colFrom; c < colTo; c++) {
			const hosts = g.columns[c]!.hosts;
			// A group with any stalled host shows the stall: it must not hide in a fold.
			const stalled = hosts.some((h) => stalledFor(model, r, h, step) !== null);
			stalledRow ||= stalled;
			const look = stalled ? stalledLook : shownLook(cellStatus(model, r, hosts[0]!), step);
			const here = picked && c === g.selectedColumn;
			// A stalled cell is inverse already: the cursor on it shows as the one plain cell.
			cells.push({text: look.glyph, color: look.color, dim: look.dim, inverse: stalled ? !here : here});
			// The padding takes the glyph's colour (invisible on spaces) so alike cells merge into one run.
			cells.push({text: ' '.repeat(cw - 1), color: look.color, dim: look.dim});
		}
		const label: Segment = {text: fit(name, g.taskWidth), bold: current || stalledRow, inverse: picked && focused && !g.following, color: stalledRow ? stalledLook.color : undefined};
		out.push([label, {text: ' '}, ...cells]);
	}
	return out;
}

export function MatrixPane({width, height, ...rest}: MatrixPaneProps) {
	return <Lines lines={matrixLines(rest)} width={width} height={height} />;
}

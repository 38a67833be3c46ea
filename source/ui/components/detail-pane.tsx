// The selected cell: host, task, status, duration, msg, rc, loop items, retries and the tail of
// stdout/stderr. While following, a step with failures shows its first failure unasked.
import {sanitize, sanitizeLine} from '../../ansible/sanitize.js';
import {cellStatus} from '../../matrix/reducer.js';
import {formatDuration} from '../../plain/format.js';
import type {CellDetail, MatrixModel} from '../../matrix/types.js';
import type {StepView, Waiting} from '../types.js';
import type {MatrixGeometry} from './matrix-geometry.js';
import {rowInView, shownLook} from './matrix-pane.js';
import {stalledFor, stalledLook, thresholdText} from './stall.js';
import {Lines, type Segment} from './text.js';
import {wrapLine, wrapLines} from './wrap.js';

export interface DetailPaneProps {
	model: MatrixModel | null;
	geometry: MatrixGeometry | null;
	/** The detail the app read for the selected cell; ignored when it is for another cell. */
	detail: CellDetail | null;
	width: number;
	height: number;
	/** The step shown: a running cell of a step that ended is shown cut off (null: as is); its stall. */
	step?: ShownStep | null;
	/** The running task's hosts and how long each has run it. */
	waiting?: Waiting | null;
}

type ShownStep = Pick<StepView, 'status'> & Partial<Pick<StepView, 'stalled'>>;

function tailLines(label: string, text: string | null | undefined, color: string | undefined, cut = false): Segment[][] {
	if (!text) return [];
	const lines = sanitize(text).split('\n');
	while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
	// Only its end was kept: the first line is a piece of one (it would start mid-word), and the
	// reader is told where the whole is.
	if (cut && lines.length > 1) lines.shift();
	const shown = lines.map((l): Segment[] => [{text: `${label}│ `, dim: true}, {text: l, color}]);
	return cut ? [[{text: `${label}│ `, dim: true}, {text: '… (its start is not kept here; the whole is in the log: L)', dim: true}], ...shown] : shown;
}

const itemMark = (status: string) => (status === 'failed' ? '✗' : status === 'changed' ? '~' : status === 'skipped' ? '-' : '·');

/** Every loop item on its own line, whole (the full view). */
function itemLines(items: CellDetail['items']): Segment[][] {
	const failed = items.filter((i) => i.status === 'failed').length;
	return [
		[{text: `items ${items.length}${failed ? ` (${failed} failed)` : ''}:`, dim: true}],
		...items.map((i): Segment[] => [{text: `  ${itemMark(i.status)} `, color: i.status === 'failed' ? 'red' : undefined}, {text: sanitizeLine(i.item)}, {text: ` ${i.status}`, dim: true}]),
	];
}

function itemsLine(items: CellDetail['items']): Segment[] {
	const failed = items.filter((i) => i.status === 'failed').length;
	const shown = items.slice(-8).map((i) => `${sanitizeLine(i.item)} ${itemMark(i.status)}`);
	return [{text: `items ${items.length}${failed ? ` (${failed} failed)` : ''}: `, dim: true}, {text: shown.join(', ')}];
}

/**
 * The facts of the selected cell (head) and its output. `whole`: for the full view, the message
 * on all its lines and every loop item (else one line each, the pane cuts them).
 */
export function detailLines(
	model: MatrixModel,
	g: MatrixGeometry,
	detail: CellDetail | null,
	step: ShownStep | null = null,
	whole = false,
	waiting: Waiting | null = null,
): {head: Segment[][]; output: Segment[][]} {
	const cell = g.selected!;
	const host = model.hosts[cell.col] ?? '';
	const task = model.tasks[cell.row];
	const d = detail && detail.host === host && detail.task === task?.name ? detail : null;
	const status = cellStatus(model, cell.row, cell.col);
	const stalled = stalledFor(model, cell.row, cell.col, step);
	const look = stalled === null ? shownLook(status, step) : stalledLook;
	const lines: Segment[][] = [];
	const facts = [d?.duration == null ? '' : `${d.duration.toFixed(1)}s`, d?.rc == null ? '' : `rc=${d.rc}`].filter(Boolean).join('  ');
	lines.push([
		{text: `${look.glyph} ${look.word}`, color: look.color, bold: true},
		{text: '  '},
		{text: sanitizeLine(host), bold: true},
		{text: facts ? `  ${facts}` : ''},
	]);
	const place = [task?.play ? `play ${sanitizeLine(task.play)}` : '', task?.role ? `role ${sanitizeLine(task.role)}` : ''].filter(Boolean).join(', ');
	lines.push([{text: 'task ', dim: true}, {text: sanitizeLine(task?.name ?? '')}, {text: place ? `  (${place})` : '', dim: true}]);
	const column = g.columns[g.selectedColumn];
	const inView = rowInView(g, cell.row);
	if (column && column.hosts.length > 1 && inView) {
		const others = column.hosts.filter((h) => h !== cell.col).map((h) => sanitizeLine(model.hosts[h] ?? ''));
		lines.push([{text: `same results on ${others.length} more: `, dim: true}, {text: others.join(', ')}]);
	}
	const current = status === 'running' && cell.row === model.currentRow && waiting?.task === task?.name;
	const runningFor = current ? waiting?.hosts.find((h) => h.host === host)?.forMs : undefined;
	if (stalled === null && runningFor !== undefined) lines.push([{text: `running for ${formatDuration(runningFor)}`, color: 'cyan'}]);
	if (stalled !== null && step?.stalled) {
		const from = step.stalled.source === 'plan' ? 'set in the plan' : 'from earlier runs';
		lines.push([{text: `running ${formatDuration(stalled)}, past the stall threshold of ${thresholdText(step.stalled.afterMs)} (${from})`, color: stalledLook.color}]);
	}
	if (!d) {
		if (status !== 'none') lines.push([{text: '…', dim: true}]);
		return {head: lines, output: []};
	}
	const msgColor = status === 'failed' || status === 'unreachable' ? 'red' : undefined;
	if (d.msg && whole) sanitize(d.msg).split('\n').forEach((text, i) => lines.push([{text: i === 0 ? 'msg ' : '    ', dim: true}, {text, color: msgColor}]));
	else if (d.msg) lines.push([{text: 'msg ', dim: true}, {text: sanitizeLine(d.msg), color: msgColor}]);
	const retry = d.retries[d.retries.length - 1];
	if (retry) lines.push([{text: 'retries ', dim: true}, {text: `attempt ${retry.attempts} of ${retry.retries}${retry.msg ? `: ${sanitizeLine(retry.msg)}` : ''}`, color: 'yellow'}]);
	if (d.items.length > 0) lines.push(...(whole ? itemLines(d.items) : [itemsLine(d.items)]));
	// A module's traceback last: its final lines name the error, and the pane keeps the end.
	const cut = (key: string) => d.cut?.includes(key) ?? false;
	return {head: lines, output: [...tailLines('stderr', d.stderr, 'red', cut('stderr')), ...tailLines('stdout', d.stdout, undefined, cut('stdout')), ...tailLines('trace', d.exception, 'red', cut('exception'))]};
}

export function detailPaneLines({model, geometry: g, detail, width, height, step = null, waiting = null}: DetailPaneProps): Segment[][] {
	const failure = g?.following && g.followReason === 'failure';
	// Only a running step moves on to follow; a finished one's followed cell stays where it ended.
	const title = failure ? '─ FIRST FAILURE ' : g?.following && step?.status === 'running' ? '─ detail (following) ' : '─ detail ';
	const lines: Segment[][] = [[{text: title + '─'.repeat(Math.max(0, width - title.length)), dim: !failure, color: failure ? 'red' : undefined}]];
	if (model && g?.selected) {
		const {head: [facts, task, ...rest], output} = detailLines(model, g, detail, step, false, waiting);
		// The task's name whole (the matrix may have cut it), continued under itself.
		const head = [...(facts ? [facts] : []), ...(task ? wrapLine(task, width, 5) : []), ...rest];
		// The facts first, then the end of the output: a failure's cause is usually last.
		const room = Math.max(0, height - 1 - head.length);
		lines.push(...head, ...(room > 0 ? output.slice(-room) : []));
	} else lines.push([{text: 'no cell selected', dim: true}]);
	return lines;
}

export function DetailPane(props: DetailPaneProps) {
	return <Lines lines={detailPaneLines(props)} width={props.width} height={props.height} />;
}

/** The full view's lines: everything about the cell, wrapped to the width, nothing cut. */
export function fullDetailRows(model: MatrixModel | null, g: MatrixGeometry | null, detail: CellDetail | null, step: ShownStep | null, width: number, waiting: Waiting | null = null): Segment[][] {
	if (!model || !g?.selected) return [[{text: 'no cell selected', dim: true}]];
	const {head, output} = detailLines(model, g, detail, step, true, waiting);
	return wrapLines([...head, ...output], width, 2);
}

export interface DetailViewProps extends Omit<DetailPaneProps, 'geometry'> {
	geometry: MatrixGeometry | null;
	/** Lines scrolled from the top. */
	scroll: number;
}

/** The selected cell in full: whole message, items and output, wrapped; scrolled with j/k, g/G. */
export function detailViewLines({model, geometry, detail, width, height, step = null, scroll, waiting = null}: DetailViewProps): Segment[][] {
	const rows = fullDetailRows(model, geometry, detail, step, width, waiting);
	const room = Math.max(1, height - 1);
	const from = Math.max(0, Math.min(scroll, rows.length - room));
	const end = Math.min(rows.length, from + room);
	const where = rows.length <= room ? `${rows.length} lines` : `lines ${from + 1}-${end} of ${rows.length}  j/k scroll · g/G top/end`;
	const title: Segment[] = [{text: 'DETAIL ', bold: true}, {text: `${where} · esc back`, dim: true}];
	return [title, ...rows.slice(from, end)];
}

export function DetailView(props: DetailViewProps) {
	return <Lines lines={detailViewLines(props)} width={props.width} height={props.height} />;
}

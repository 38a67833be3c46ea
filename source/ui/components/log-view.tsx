// The shown step's log tail, scrollable; `scroll` counts screen lines up from the end. A long
// line wraps (at a blank where one is in reach), its continuation indented: nothing is cut. A
// `run:` step's log is its command's output, not ansible's; only a running step's log grows.
import {sanitize, sanitizeLine} from '../../ansible/sanitize.js';
import type {StepView} from '../types.js';
import {Lines, type Segment} from './text.js';
import {wrapLine} from './wrap.js';

export interface LogViewProps {
	lines: string[] | null;
	scroll: number;
	step: Pick<StepView, 'id' | 'name' | 'status' | 'kind'> | null;
	width: number;
	height: number;
}

/** Every log line wrapped to the width, and the log line (index) each screen line belongs to. */
export function logRows(lines: string[], width: number): {rows: Segment[][]; lineOf: number[]} {
	const rows: Segment[][] = [];
	const lineOf: number[] = [];
	lines.forEach((line, i) => {
		for (const row of wrapLine([{text: sanitize(line)}], width, 2)) {
			rows.push(row);
			lineOf.push(i);
		}
	});
	return {rows, lineOf};
}

export function logViewLines({lines, scroll, step, width, height}: LogViewProps): Segment[][] {
	const room = Math.max(1, height - 1);
	const {rows, lineOf} = logRows(lines ?? [], width);
	const end = Math.max(0, rows.length - Math.max(0, scroll));
	const start = Math.max(0, end - room);
	const following = scroll === 0 && step?.status === 'running' ? ' (following)' : '';
	const total = lines?.length ?? 0;
	const where = lines === null ? 'reading…' : total === 0 ? 'empty' : `lines ${lineOf[start]! + 1}-${lineOf[end - 1]! + 1} of ${total}${following}  ↑↓ PgUp/PgDn g/G`;
	const title = step?.kind === 'command' ? 'COMMAND OUTPUT ' : 'ANSIBLE LOG ';
	const name = step ? sanitizeLine(step.name || step.id) : '';
	return [[{text: title, bold: true}, {text: `${name}  ${where}`, dim: true}], ...rows.slice(start, end)];
}

export function LogView(props: LogViewProps) {
	return <Lines lines={logViewLines(props)} width={props.width} height={props.height} />;
}

// The shown step's log tail, scrollable; `scroll` counts lines up from the end. A `run:` step's
// log is its command's output, not ansible's; only a running step's log is still growing.
import {sanitize, sanitizeLine} from '../../ansible/sanitize.js';
import type {StepView} from '../types.js';
import {Lines, type Segment} from './text.js';

export interface LogViewProps {
	lines: string[] | null;
	scroll: number;
	step: Pick<StepView, 'id' | 'name' | 'status' | 'kind'> | null;
	width: number;
	height: number;
}

export function logViewLines({lines, scroll, step, height}: LogViewProps): Segment[][] {
	const room = Math.max(1, height - 1);
	const all = lines ?? [];
	const end = Math.max(0, all.length - Math.max(0, scroll));
	const start = Math.max(0, end - room);
	const following = scroll === 0 && step?.status === 'running' ? ' (following)' : '';
	const where = lines === null ? 'reading…' : all.length === 0 ? 'empty' : `lines ${start + 1}-${end} of ${all.length}${following}`;
	const title = step?.kind === 'command' ? 'COMMAND OUTPUT ' : 'ANSIBLE LOG ';
	const name = step ? sanitizeLine(step.name || step.id) : '';
	const out: Segment[][] = [[{text: title, bold: true}, {text: `${name}  ${where}`, dim: true}]];
	for (const l of all.slice(start, end)) out.push([{text: sanitize(l)}]);
	return out;
}

export function LogView(props: LogViewProps) {
	return <Lines lines={logViewLines(props)} width={props.width} height={props.height} />;
}

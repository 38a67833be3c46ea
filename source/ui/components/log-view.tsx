// The shown step's ansible log tail, scrollable; `scroll` counts lines up from the end.
import {sanitize, sanitizeLine} from '../../ansible/sanitize.js';
import {Lines, type Segment} from './text.js';

export interface LogViewProps {
	lines: string[] | null;
	scroll: number;
	stepName: string;
	width: number;
	height: number;
}

export function LogView({lines, scroll, stepName, width, height}: LogViewProps) {
	const room = Math.max(1, height - 1);
	const all = lines ?? [];
	const end = Math.max(0, all.length - Math.max(0, scroll));
	const start = Math.max(0, end - room);
	const where = lines === null ? 'reading…' : all.length === 0 ? 'empty' : `lines ${start + 1}-${end} of ${all.length}${scroll === 0 ? ' (following)' : ''}`;
	const out: Segment[][] = [[{text: 'ANSIBLE LOG ', bold: true}, {text: `${sanitizeLine(stepName)}  ${where}`, dim: true}]];
	for (const l of all.slice(start, end)) out.push([{text: sanitize(l)}]);
	return <Lines lines={out} width={width} height={height} />;
}

// After a failure or an abort: the commands to go on by hand, from the failed step on. Long
// commands wrap rather than being cut, so nothing of them is hidden; the file has them whole.
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {Segment} from './text.js';

function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
	return out.length > 0 ? out : [''];
}

export interface HandOverProps {
	lines: string[];
	dir: string;
	width: number;
	height: number;
}

export function handOverLines({lines, dir, width, height}: HandOverProps): Segment[][] {
	const body: Segment[][] = [
		[{text: 'To go on by hand instead, run these in order', bold: true}, {text: ' (or r to resume with the driver):', dim: true}],
		[{text: `also in ${sanitizeLine(dir)}/handover.txt`, dim: true}],
		[],
	];
	for (const [i, line] of lines.entries()) {
		const [first = '', ...rest] = wrap(sanitizeLine(line), width - 4);
		body.push([{text: `${String(i + 1).padStart(2)}. `, dim: true}, {text: first}]);
		for (const more of rest) body.push([{text: '    '}, {text: more}]);
	}
	return body.slice(0, height);
}

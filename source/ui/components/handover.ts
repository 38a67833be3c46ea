// After a failure or an abort: the commands to go on by hand, from the failed step on, one
// chosen with ↑↓. A long command is wrapped as the shell continues a line (shell-wrap.ts), flush
// left with its number on the line above: copied with the mouse, the lines paste as the command.
// y sends the chosen one to the clipboard; handover.txt has them whole, one a line.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {shellRows} from './shell-wrap.js';
import type {Segment} from './text.js';

export interface HandOverProps {
	lines: string[];
	dir: string;
	width: number;
	height: number;
	/** The chosen command (index). */
	picked?: number;
}

export function handOverLines({lines, dir, width, height, picked = 0}: HandOverProps): Segment[][] {
	const head: Segment[][] = [
		[{text: 'To go on by hand instead, run these in order', bold: true}, {text: ' (or r to resume with the driver):', dim: true}],
		[{text: `also in ${sanitizeLine(dir)}/handover.txt, one a line`, dim: true}],
		[],
	];
	const body: Segment[][] = [];
	let pickedFrom = 0;
	let pickedTo = 0;
	for (const [i, line] of lines.entries()) {
		const chosen = i === picked;
		const title = ` ${i + 1} of ${lines.length} `;
		if (chosen) pickedFrom = body.length;
		body.push([
			{text: chosen ? '▸' : '─', bold: chosen},
			{text: title, bold: chosen, inverse: chosen},
			{text: '─'.repeat(Math.max(0, width - title.length - 1)), dim: true},
		]);
		for (const row of shellRows(sanitizeLine(line), width)) body.push([{text: row}]);
		if (chosen) pickedTo = body.length;
	}
	// The chosen command in view, from its title on where it fits.
	const room = Math.max(1, height - head.length);
	let from = 0;
	if (pickedTo - from > room) from = Math.max(0, Math.min(pickedFrom, pickedTo - room));
	return [...head, ...body.slice(from, from + room)];
}

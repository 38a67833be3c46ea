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
	/** The chosen command (index); the one after the listed is onHosts. */
	picked?: number;
	/** The failed step on its failed hosts only, instead of the first line (handover-failed-hosts.txt). */
	onHosts?: string | null;
}

export function handOverLines({lines, dir, width, height, picked = 0, onHosts = null}: HandOverProps): Segment[][] {
	const head: Segment[][] = [
		[{text: 'To go on by hand instead, run these in order', bold: true}, {text: ' (or r to resume with the driver):', dim: true}],
		[{text: `also in ${sanitizeLine(dir)}/handover.txt, one a line`, dim: true}],
		[],
	];
	const body: Segment[][] = [];
	let pickedFrom = 0;
	let pickedTo = 0;
	const entries = [...lines.map((line, i) => ({line, title: ` ${i + 1} of ${lines.length} `})), ...(onHosts && lines.length > 0 ? [{line: onHosts, title: ' or, instead of 1: on the failed hosts only '}] : [])];
	for (const [i, {line, title}] of entries.entries()) {
		const chosen = i === picked;
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

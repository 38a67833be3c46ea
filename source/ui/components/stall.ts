// A stalled task: its look in the matrix (a glyph of its own, so it shows without colour too),
// which cells it marks, and the words the footer says of it.
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {Look} from '../../matrix/glyphs.js';
import {cellStatus} from '../../matrix/reducer.js';
import type {MatrixModel} from '../../matrix/types.js';
import {formatDuration} from '../../plain/format.js';
import type {StallView, StepView} from '../types.js';
import {cut, textWidth} from './text.js';

/** Drawn inverse (a yellow block) so it stands out of the running cells around it. */
export const stalledLook: Look & {inverse: true} = {glyph: '◔', color: 'yellow', dim: false, word: 'stalled (running past its threshold)', inverse: true};

/** How long the stalled cell at (row, col) has run, or null when it is not stalled. */
export function stalledFor(model: MatrixModel, row: number, col: number, step: Partial<Pick<StepView, 'stalled'>> | null): number | null {
	const stall = step?.stalled;
	if (!stall || model.taskIndex.get(stall.taskId) !== row) return null;
	const host = model.hosts[col];
	const entry = stall.hosts.find((h) => h.host === host);
	// The state is written less often than events arrive: a host that has finished is not stalled.
	if (!entry || cellStatus(model, row, col) !== 'running') return null;
	return entry.forMs;
}

/** A threshold as people say it: 2m, 1h, 90s, 2m30s. */
export function thresholdText(ms: number): string {
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s}s`;
	if (s % 3600 === 0) return `${s / 3600}h`;
	if (s % 60 === 0 && s < 3600) return `${s / 60}m`;
	return formatDuration(ms);
}

/**
 * `stalled: task "X" on h2, h3 for 4m12s (threshold 2m)` in at most `width` columns when it can:
 * as many hosts as fit (longest stalled first), then "and N more", else "N hosts".
 */
export function stallWords(stall: StallView, width = Infinity): string {
	const names = stall.hosts.map((h) => sanitizeLine(h.host));
	const longest = stall.hosts.reduce((n, h) => Math.max(n, h.forMs), 0);
	const tail = ` for ${formatDuration(longest)} (threshold ${thresholdText(stall.afterMs)})`;
	let task = sanitizeLine(stall.task) || '(unnamed task)';
	const say = (hosts: string) => `stalled: task "${task}" on ${hosts}${tail}`;
	for (let k = names.length; k >= 1; k--) {
		const more = names.length - k;
		const text = say(`${names.slice(0, k).join(', ')}${more ? ` and ${more} more` : ''}`);
		if (textWidth(text) <= width) return text;
	}
	const hosts = names.length === 1 ? names[0]! : `${names.length} hosts`;
	// Still too long: the task name gives way, so the hosts and the times stay readable.
	const room = width - textWidth(say(hosts)) + textWidth(task);
	if (Number.isFinite(room)) task = cut(task, Math.max(8, room));
	return say(hosts);
}

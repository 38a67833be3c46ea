// "waiting on infra1_galera_container-2ea7a8b6 4m12s, … and 3 more": the running task's
// stragglers, fitted to a width.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {formatDuration} from '../../plain/format.js';
import type {Waiting} from '../types.js';
import {cut, textWidth} from './text.js';

/** Worth a line: some hosts finished the task and others still run it, or it has run a while. */
export const waitingWorthSaying = (w: Waiting | null | undefined): w is Waiting =>
	!!w && w.hosts.length > 0 && (w.finished > 0 || (w.hosts[0]?.forMs ?? 0) >= 10_000);

export function waitingWords(w: Waiting, width = Infinity): string {
	const named = w.hosts.map((h) => `${sanitizeLine(h.host)} ${formatDuration(h.forMs)}`);
	for (let k = Math.min(named.length, 3); k >= 1; k--) {
		const more = named.length - k;
		const text = `waiting on ${named.slice(0, k).join(', ')}${more ? ` and ${more} more` : ''}`;
		if (textWidth(text) <= width) return text;
	}
	const longest = formatDuration(w.hosts[0]!.forMs);
	return cut(named.length === 1 ? `waiting on 1 host for ${longest}` : `waiting on ${named.length} hosts, the longest ${longest}`, width);
}

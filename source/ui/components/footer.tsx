// Two lines: the keys that work here, and a message line (the app's answer to a key, a stalled
// task, what a pause is waiting for, or the abort confirmation).
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {RunStatus} from '../../run/types.js';
import type {StallView} from '../types.js';
import type {Overlay} from '../ui-state.js';
import {abortPrompt} from './confirm-abort.js';
import {stalledLook, stallWords} from './stall.js';
import {cut, Lines, textWidth, type Segment} from './text.js';

export interface FooterProps {
	width: number;
	overlay: Overlay;
	message: string | null;
	status: RunStatus;
	waitingFor: string | null;
	/** Name of the step the abort confirmation is about (shown while overlay is confirm-abort). */
	abortStep: string | null;
	/** The running step's stalled task, if any. */
	stalled?: StallView | null;
}

const keySets: Record<Overlay, Array<[string, string]>> = {
	none: [['p', 'pause'], ['r', 'resume'], ['a', 'abort'], ['q', 'quit'], ['↑↓←→', 'move'], ['tab', 'pane'], ['⏎', 'detail'], ['L', 'log'], ['?', 'help']],
	detail: [['↑↓←→', 'move'], ['esc', 'close'], ['p', 'pause'], ['a', 'abort'], ['q', 'quit']],
	log: [['↑↓', 'scroll'], ['PgUp/PgDn', 'page'], ['g/G', 'top/end'], ['esc', 'close'], ['q', 'quit']],
	help: [['esc', 'close'], ['q', 'quit']],
	handover: [['esc', 'close'], ['r', 'resume instead'], ['q', 'quit']],
	'confirm-abort': [['y', 'abort the step'], ['any other key', 'cancel']],
	'confirm-start': [['YES ⏎', 'start'], ['esc', 'cancel']],
};

export function keyHints(overlay: Overlay): Segment[] {
	return keySets[overlay].flatMap(([key, word], i) => [{text: i ? '  ' : ''}, {text: key, bold: true}, {text: ` ${word}`, dim: true}]);
}

export function Footer({width, overlay, message, status, waitingFor, abortStep, stalled = null}: FooterProps) {
	const waiting = status === 'pausing' ? `pausing: waiting for ${waitingFor ? sanitizeLine(waitingFor) : 'the running task to finish'}` : null;
	const text = message ? sanitizeLine(message) : '';
	// What the run is doing (a stall, then a pause) shares the line with the message, which keeps
	// at least half of it; the stall comes first, as it is what needs the operator.
	const statusWidth = (stalled ? textWidth(stallWords(stalled)) + 2 : 0) + (waiting ? textWidth(waiting) + (stalled ? 3 : 0) : 0);
	const room = statusWidth > 0 ? Math.max(Math.ceil(width / 2), width - statusWidth - 3) : width;
	const shown = text && statusWidth > 0 ? cut(text, room) : text;
	const info: Segment[] = [];
	let left = width;
	if (shown) {
		info.push({text: shown, color: 'yellow'});
		left -= textWidth(shown);
	}
	const separate = () => {
		if (info.length === 0) return;
		info.push({text: ' · ', dim: true});
		left -= 3;
	};
	if (stalled) {
		separate();
		// Fitted to what is left (hosts become a count); the pause after it is cut at the line's end.
		const words = stallWords(stalled, left - 2);
		info.push({text: stalledLook.glyph, color: stalledLook.color, inverse: true}, {text: ` ${words}`, color: stalledLook.color, bold: true});
	}
	if (waiting) {
		separate();
		info.push({text: waiting, color: 'yellow', dim: true});
	}
	return (
		<Lines width={width} lines={[keyHints(overlay), overlay === 'confirm-abort' && abortStep !== null ? abortPrompt(abortStep) : info]} />
	);
}

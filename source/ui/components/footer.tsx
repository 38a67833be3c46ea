// Two lines: the keys that work here, and a message line (the app's answer to a key, what a
// pause is waiting for, or the abort confirmation).
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {RunStatus} from '../../run/types.js';
import type {Overlay} from '../ui-state.js';
import {abortPrompt} from './confirm-abort.js';
import {cut, Lines, type Segment} from './text.js';

export interface FooterProps {
	width: number;
	overlay: Overlay;
	message: string | null;
	status: RunStatus;
	waitingFor: string | null;
	/** Name of the step the abort confirmation is about (shown while overlay is confirm-abort). */
	abortStep: string | null;
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

export function Footer({width, overlay, message, status, waitingFor, abortStep}: FooterProps) {
	const waiting = status === 'pausing' ? `pausing: waiting for ${waitingFor ? sanitizeLine(waitingFor) : 'the running task to finish'}` : null;
	const info: Segment[] = [];
	const text = message ? sanitizeLine(message) : '';
	// Both at once: the message keeps at least half the line, the pause the rest.
	const room = waiting ? Math.max(Math.ceil(width / 2), width - waiting.length - 3) : width;
	if (text) info.push({text: waiting ? cut(text, room) : text, color: 'yellow'});
	if (waiting) info.push({text: text ? ' · ' : '', dim: true}, {text: waiting, color: 'yellow', dim: true});
	return (
		<Lines width={width} lines={[keyHints(overlay), overlay === 'confirm-abort' && abortStep !== null ? abortPrompt(abortStep) : info]} />
	);
}

// Two lines: the keys that work now (they follow the run's state), and a message line: the
// answer to the last key (or a notice), a stalled task, the whole name of a task or step the
// cursor is on when its pane cut it, then what the run's state means (what a pause waits for,
// what r would do, where the report is), or the abort confirmation.
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {StallView, Waiting} from '../types.js';
import type {Overlay} from '../ui-state.js';
import {abortPrompt} from './confirm-abort.js';
import {fitParts, runWords, type Hint, type RunWords, type ShownRun} from './run-words.js';
import {waitingWords, waitingWorthSaying} from './waiting.js';
import {stalledLook, stallWords} from './stall.js';
import {cut, Lines, textWidth, type Segment} from './text.js';

export interface FooterProps {
	width: number;
	overlay: Overlay;
	/** What is typed after `/` while the host filter is being written. */
	filterDraft?: string;
	message: string | null;
	run: ShownRun;
	/** Are there commands to go on by hand (H)? */
	canHandOver: boolean;
	/** Name of the step the abort confirmation is about (shown while overlay is confirm-abort). */
	abortStep: string | null;
	/** The running step's stalled task, if any. */
	stalled?: StallView | null;
	/** The hosts the running task still waits on. */
	waiting?: Waiting | null;
	/** The whole name of the task or step under the cursor, when its pane cut it. */
	cutName?: string | null;
}

const browse: Hint[] = [['↑↓←→', 'move'], ['tab', 'pane'], ['⏎', 'detail'], ['L', 'log']];

/** The footer's keys; the run's keys first, as its state allows them. */
export function hintsFor(overlay: Overlay, words: RunWords): Hint[] {
	switch (overlay) {
		case 'none':
			return [...words.keys, ['q', 'quit'], ...browse, ['?', 'help']];
		case 'detail':
			return [['↑↓', 'scroll'], ['←→', 'host'], ['g/G', 'top/end'], ['esc', 'close'], ...words.keys, ['q', 'quit']];
		case 'log':
			return [['↑↓', 'scroll'], ['PgUp/PgDn', 'page'], ['g/G', 'top/end'], ['esc', 'close'], ['q', 'quit']];
		case 'help':
			return [['esc', 'close'], ['q', 'quit']];
		case 'handover':
			return [['↑↓', 'choose'], ['y', 'copy'], ['esc', 'close'], ['r', 'retry the step instead'], ['q', 'quit']];
		case 'confirm-abort':
			return [['y', 'abort the step'], ['any other key', 'cancel']];
		case 'confirm-start':
			return [['YES ⏎', 'start'], ['esc', 'cancel']];
		case 'filter':
			return [['⏎', 'show the hosts or tasks whose name holds it'], ['esc', 'show all'], ['⌫', 'erase']];
	}
}

/**
 * Whole hints that fit in `width`, in order (one that does not fit is left out, later shorter
 * ones still go in); `? help` is kept last. The `prominent` key is drawn inverse.
 */
export function keyHints(hints: Hint[], width = Infinity, prominent: string | null = null): Segment[] {
	const help = hints.at(-1)?.[0] === '?' ? hints.at(-1)! : null;
	const size = ([key, word]: Hint) => textWidth(`${key} ${word}`) + 2;
	let left = width + 2 - (help ? size(help) : 0);
	const shown: Hint[] = [];
	for (const hint of help ? hints.slice(0, -1) : hints) {
		if (size(hint) > left) continue;
		shown.push(hint);
		left -= size(hint);
	}
	if (help) shown.push(help);
	return shown.flatMap(([key, word], i) => {
		const loud = key === prominent;
		return [{text: i ? '  ' : ''}, {text: key, bold: true, inverse: loud}, {text: ` ${word}`, dim: !loud, bold: loud}];
	});
}

export function footerLines({width, overlay, message, run, canHandOver, abortStep, stalled = null, waiting = null, filterDraft = '', cutName = null}: FooterProps): Segment[][] {
	const words = runWords(run, canHandOver);
	const text = message ? sanitizeLine(message) : '';
	// The latest key's answer (or notice) comes first: it is what the operator just asked about.
	// A stall keeps the other half at least; the state's words take what is left.
	const stallWidth = stalled ? textWidth(stallWords(stalled)) + 2 : 0;
	const room = stallWidth > 0 ? Math.max(Math.ceil(width / 2), width - stallWidth - 3) : width;
	const shown = text ? cut(text, room) : '';
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
		// Fitted to what is left (hosts become a count); the state's words after it get the rest.
		const said = stallWords(stalled, left - 2);
		info.push({text: stalledLook.glyph, color: stalledLook.color, inverse: true}, {text: ` ${said}`, color: stalledLook.color, bold: true});
		left -= textWidth(said) + 2;
	}
	// The name the cursor is on, whole when it can be: the operator moved there to read it.
	if (cutName && left > 12) {
		separate();
		const said = cut(`▸ ${sanitizeLine(cutName)}`, left);
		info.push({text: said, bold: true});
		left -= textWidth(said);
	}
	// A stall already names its hosts; else the running task's stragglers, when there are some.
	const addWaiting = () => {
		if (stalled || !waitingWorthSaying(waiting) || left <= 24) return;
		separate();
		const said = waitingWords(waiting, Math.min(left, Math.max(24, Math.floor(width / 2))));
		info.push({text: said, color: 'cyan'});
		left -= textWidth(said);
	};
	// While pausing, the words name the task the pause waits for: they go first, the hosts after.
	const pausing = run.status === 'pausing';
	if (!pausing) addWaiting();
	if (words.words.length > 0 && left > 12) {
		separate();
		const said = fitParts(words.words, left);
		info.push({text: said, color: words.color});
		left -= textWidth(said);
	}
	if (pausing) addWaiting();
	const keys = keyHints(hintsFor(overlay, words), width, words.prominent ? (words.keys[0]?.[0] ?? null) : null);
	const second = overlay === 'confirm-abort' && abortStep !== null ? abortPrompt(abortStep) : overlay === 'filter' ? filterPrompt(filterDraft) : info;
	return [keys, second];
}

export function Footer(props: FooterProps) {
	return <Lines width={props.width} lines={footerLines(props)} />;
}

/** The filter being typed: `filter: galera▏`. */
function filterPrompt(draft: string): Segment[] {
	return [{text: 'filter: ', bold: true}, {text: sanitizeLine(draft)}, {text: '▏'}];
}

// Maps a key press to a UI action or to a command for the app to carry out (DESIGN.md "TUI
// keys"). Pure: the app calls it from useInput, dispatches actions to uiReducer and runs commands.
import type {Key} from 'ink';
import type {UiAction, UiState} from './ui-state.js';

export type Command = 'pause' | 'resume' | 'retry-failed-hosts' | 'abort' | 'quit' | 'copy';

/** A command, and an action to dispatch with it (e.g. closing the abort confirmation). */
export interface CommandRequest {
	command: Command;
	action?: UiAction;
}

export type KeyResult = UiAction | CommandRequest | null;

export function isCommand(result: KeyResult): result is CommandRequest {
	return result !== null && 'command' in result;
}

/** Lines a page key moves. */
const page = 10;

function movement(input: string, key: Key): UiAction | null {
	if (key.upArrow || input === 'k') return {type: 'move', direction: 'up'};
	if (key.downArrow || input === 'j') return {type: 'move', direction: 'down'};
	if (key.leftArrow || input === 'h') return {type: 'move', direction: 'left'};
	if (key.rightArrow || input === 'l') return {type: 'move', direction: 'right'};
	if (key.pageUp) return {type: 'move', direction: 'up', by: page};
	if (key.pageDown) return {type: 'move', direction: 'down', by: page};
	return null;
}

function logKeys(input: string, key: Key): UiAction | null {
	if (key.escape || input === 'L') return {type: 'close'};
	if (key.upArrow || input === 'k') return {type: 'scroll-log', by: 1};
	if (key.downArrow || input === 'j') return {type: 'scroll-log', by: -1};
	if (key.pageUp) return {type: 'scroll-log', by: page};
	if (key.pageDown || input === ' ') return {type: 'scroll-log', by: -page};
	if (key.home || input === 'g') return {type: 'scroll-log', by: Number.MAX_SAFE_INTEGER};
	if (key.end || input === 'G') return {type: 'scroll-log', by: -Number.MAX_SAFE_INTEGER};
	return null;
}

/** The help: ↑↓ (and pages) scroll it when it does not fit; esc, ? or enter go back. */
function helpKeys(input: string, key: Key): UiAction | null {
	if (key.escape || input === '?' || key.return) return {type: 'close'};
	if (key.upArrow || input === 'k') return {type: 'scroll-detail', by: -1};
	if (key.downArrow || input === 'j') return {type: 'scroll-detail', by: 1};
	if (key.pageUp) return {type: 'scroll-detail', by: -page};
	if (key.pageDown || input === ' ') return {type: 'scroll-detail', by: page};
	if (key.home || input === 'g') return {type: 'scroll-detail', by: -Number.MAX_SAFE_INTEGER};
	if (key.end || input === 'G') return {type: 'scroll-detail', by: Number.MAX_SAFE_INTEGER};
	return null;
}

/** The commands to go on by hand: ↑↓ choose one, y copies it; esc, H or enter go back. */
function handOverKeys(input: string, key: Key): KeyResult {
	if (key.escape || input === 'H' || key.return) return {type: 'close'};
	if (key.upArrow || input === 'k') return {type: 'pick-handover', by: -1};
	if (key.downArrow || input === 'j') return {type: 'pick-handover', by: 1};
	if (key.home || input === 'g') return {type: 'pick-handover', by: -Number.MAX_SAFE_INTEGER};
	if (key.end || input === 'G') return {type: 'pick-handover', by: Number.MAX_SAFE_INTEGER};
	if (input === 'y') return {command: 'copy'};
	return null;
}

/** `/`: the host filter's text; enter applies it, esc clears it. */
function filterKeys(input: string, key: Key): UiAction | null {
	if (key.return) return {type: 'filter-apply'};
	if (key.escape) return {type: 'filter-clear'};
	if (key.backspace || key.delete) return {type: 'filter-erase'};
	if (key.ctrl || key.meta || input === '' || /[\x00-\x1f\x7f]/.test(input)) return null;
	return {type: 'filter-type', text: input};
}

/** The full detail view: ↑↓ scroll it from the top, ←→ change host; esc or enter goes back. */
function detailKeys(input: string, key: Key): UiAction | null {
	if (key.escape || key.return) return {type: 'close'};
	if (key.upArrow || input === 'k') return {type: 'scroll-detail', by: -1};
	if (key.downArrow || input === 'j') return {type: 'scroll-detail', by: 1};
	if (key.pageUp) return {type: 'scroll-detail', by: -page};
	if (key.pageDown || input === ' ') return {type: 'scroll-detail', by: page};
	if (key.home || input === 'g') return {type: 'scroll-detail', by: -Number.MAX_SAFE_INTEGER};
	if (key.end || input === 'G') return {type: 'scroll-detail', by: Number.MAX_SAFE_INTEGER};
	// Left and right still walk the hosts of the task: the same text on the next host.
	if (key.leftArrow || input === 'h') return {type: 'move', direction: 'left'};
	if (key.rightArrow || input === 'l') return {type: 'move', direction: 'right'};
	return null;
}

/**
 * The single keys in one read. Ink hands keys that arrived together (typed fast, over a slow
 * link, or while the viewer was busy) to useInput as one string, which matched no key: "ay" was
 * neither a nor y. Plain characters are split; anything else is passed on as it came.
 */
export function keyPresses(input: string, key: Key): Array<[string, Key]> {
	if (input.length <= 1 || key.ctrl || key.meta || !/^[\x20-\x7e\r\t\x03]+$/.test(input)) return [[input, key]];
	return Array.from(input, (ch): [string, Key] => {
		if (ch === '\x03') return ['c', {...key, ctrl: true, shift: false}];
		if (ch === '\r') return ['', {...key, return: true, shift: false}];
		if (ch === '\t') return ['', {...key, tab: true, shift: false}];
		return [ch, {...key, shift: /[A-Z]/.test(ch)}];
	});
}

export function keyToAction(input: string, key: Key, ui: UiState): KeyResult {
	// The start confirmation's text input owns the keyboard.
	if (ui.overlay === 'confirm-start') return null;
	if (ui.overlay === 'confirm-abort') {
		return input === 'y' || input === 'Y' ? {command: 'abort', action: {type: 'confirm'}} : {type: 'cancel'};
	}
	// Typing a host filter: every plain key is text (q too); Ctrl-C still quits.
	if (ui.overlay === 'filter' && !(key.ctrl && input === 'c')) return filterKeys(input, key);
	if (input === 'q' || (key.ctrl && input === 'c')) return {command: 'quit'};
	if (input === 'p') return {command: 'pause'};
	if (input === 'r') return {command: 'resume'};
	if (input === 'R') return {command: 'retry-failed-hosts'};
	if (input === 'a') return {type: 'request-abort'};
	if (ui.overlay === 'log') return logKeys(input, key);
	if (ui.overlay === 'help') return helpKeys(input, key);
	if (ui.overlay === 'handover') return handOverKeys(input, key);
	if (ui.overlay === 'detail') return detailKeys(input, key);
	if (input === '?') return {type: 'open', overlay: 'help'};
	if (input === 'L') return {type: 'open', overlay: 'log'};
	if (input === 'H') return {type: 'open', overlay: 'handover'};
	if (key.tab) return {type: 'toggle-focus'};
	if (key.escape) return {type: 'escape'};
	if (input === 'f') return {type: 'follow'};
	if (input === '/') return {type: 'open-filter'};
	if (input === 'x') return {type: 'toggle-problems'};
	if (input === 'n') return {type: 'jump-failure', direction: 1};
	if (input === 'N') return {type: 'jump-failure', direction: -1};
	if (input === 'g') return {type: 'toggle-grouping'};
	if (input === 'b') return {type: 'toggle-bands'};
	if (input === 'B') return {type: 'cycle-band-rule'};
	if (key.return) return ui.focus === 'plan' ? {type: 'select-step'} : {type: 'open', overlay: 'detail'};
	return movement(input, key);
}

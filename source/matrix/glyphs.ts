// One glyph and one colour per status: every status has its own glyph, so the matrix reads
// without colour (NO_COLOR) too. Colours are ink/chalk colour names.
import type {StepStatus} from '../run/types.js';
import type {CellStatus} from './types.js';

export interface Look {
	glyph: string;
	color: string | undefined;
	dim: boolean;
	/** The word, for legends and the detail pane. */
	word: string;
}

export const cellLooks: Record<CellStatus, Look> = {
	none: {glyph: ' ', color: undefined, dim: false, word: 'not yet'},
	running: {glyph: '>', color: 'cyan', dim: false, word: 'running'},
	ok: {glyph: '.', color: 'green', dim: false, word: 'ok'},
	changed: {glyph: '~', color: 'yellow', dim: false, word: 'changed'},
	failed: {glyph: '✗', color: 'red', dim: false, word: 'failed'},
	skipped: {glyph: '-', color: undefined, dim: true, word: 'skipped'},
	unreachable: {glyph: '!', color: 'magenta', dim: false, word: 'unreachable'},
	ignored: {glyph: 'i', color: 'red', dim: true, word: 'failed, ignored'},
	rescued: {glyph: 'r', color: 'blue', dim: false, word: 'rescued'},
};

export const stepLooks: Record<StepStatus, Look> = {
	pending: {glyph: ' ', color: undefined, dim: true, word: 'pending'},
	running: {glyph: '>', color: 'cyan', dim: false, word: 'running'},
	done: {glyph: '✓', color: 'green', dim: false, word: 'done'},
	failed: {glyph: '✗', color: 'red', dim: false, word: 'failed'},
	paused: {glyph: '‖', color: 'yellow', dim: false, word: 'paused'},
	interrupted: {glyph: '!', color: 'magenta', dim: false, word: 'interrupted'},
	aborted: {glyph: '■', color: 'red', dim: false, word: 'aborted'},
	skipped: {glyph: '-', color: undefined, dim: true, word: 'skipped'},
};

export function cellLook(status: CellStatus): Look {
	return cellLooks[status];
}

export function stepLook(status: StepStatus): Look {
	return stepLooks[status];
}

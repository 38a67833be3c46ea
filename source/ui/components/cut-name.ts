// The whole name under the cursor (and a step's note) when its pane had to cut it: the footer's message line says it
// whole, so a task or step that reads `Perform onli…` in its pane can still be read (and searched
// for in the log) without opening anything.
import {sanitizeLine} from '../../ansible/sanitize.js';
import type {ViewerData} from '../types.js';
import type {UiState} from '../ui-state.js';
import type {Geometry} from './geometry.js';
import {taskRowName} from './matrix-pane.js';
import {noteFor, planNameWidth, stepLineName} from './plan-pane.js';
import {textWidth} from './text.js';

export function cutNameUnderCursor(data: ViewerData, ui: UiState, g: Geometry): string | null {
	if (ui.overlay !== 'none') return null;
	if (ui.focus === 'plan') {
		const step = data.run.steps[g.planHighlight];
		if (!step) return null;
		// Its name, and the note under it (why it stopped) when the pane cut either.
		const note = noteFor(step)?.text ?? '';
		const nameCut = textWidth(stepLineName(step)) > planNameWidth(g.planWidth);
		const noteCut = textWidth(note) > g.planWidth - 4;
		if (!nameCut && !noteCut) return null;
		return noteCut ? `${sanitizeLine(step.name || step.id)}: ${note}` : sanitizeLine(step.name || step.id);
	}
	const m = g.matrix;
	// Only a row the operator chose: while the view follows the run, the footer says what it does.
	if (!m || !data.matrix || m.following || !m.selected) return null;
	const name = taskRowName(data.matrix, m.selected.row);
	return textWidth(name) > m.taskWidth ? name : null;
}

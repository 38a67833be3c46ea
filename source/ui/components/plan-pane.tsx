// The plan: every step with its status glyph and duration; the running step's progress below it.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {stepLook} from '../../matrix/glyphs.js';
import {isFinished} from '../../run/machine.js';
import type {StepView} from '../types.js';
import {foldedDuration, foldedName, planRows, type PlanRow} from '../plan-rows.js';
import {duration} from './header.js';
import {cutDistinct, fit, Lines, type Segment} from './text.js';

export interface PlanPaneProps {
	steps: StepView[];
	/** The pane's rows (default: planRows of the steps); `from` counts in them. */
	rows?: PlanRow[];
	/** The step the matrix shows. */
	shown: number;
	/** The plan cursor's line (when the pane has focus). */
	highlight: number;
	focused: boolean;
	from: number;
	visible: number;
	width: number;
	height: number;
}

/**
 * The running step's progress. The listed count (--list-tasks) misses dynamic includes and
 * handlers, so more tasks than it may run: then it is a floor ("of 12+"), never "12 of 11".
 * A `run:` step has no tasks to count.
 */
export function progressText(step: Pick<StepView, 'kind' | 'progress' | 'status'>): string | null {
	if (step.kind === 'command') return step.status === 'running' ? 'a command (no tasks)' : null;
	if (!step.progress) return null;
	const {done, total} = step.progress;
	if (done === 0) return total === null ? 'starting' : `starting, ${total} tasks`;
	if (total === null) return `task ${done} of ?`;
	return done > total ? `task ${done} of ${done}+` : `task ${done} of ${total}`;
}

/** The one extra line under a step: the running step's progress, else why the shown step stopped. */
export function noteFor(step: StepView): Segment | null {
	if (step.status === 'running') {
		const progress = progressText(step);
		return progress ? {text: progress, color: 'cyan'} : null;
	}
	if (step.status === 'paused' && step.pausedAtTask) return {text: `paused before ${sanitizeLine(step.pausedAtTask)}`, color: 'yellow'};
	if (step.eventsSeen === false && step.status !== 'pending') return {text: 'no live results (plugin not loaded)', dim: true};
	if (step.status === 'failed' && step.fallback) return {text: `failed → fallback ${step.fallback}`, color: 'yellow'};
	if (step.unit?.role === 'fallback' && step.status === 'skipped') return {text: 'not needed: the unit succeeded', dim: true};
	if ((step.status === 'failed' || step.status === 'interrupted' || step.status === 'aborted') && step.reason) {
		return {text: sanitizeLine(step.reason), color: 'red'};
	}
	return null;
}

/** A unit's steps hang together: "│" before its steps in order, "└ or" before its fallback. */
export function unitBranch(unit: {role: 'main' | 'fallback'} | null | undefined): string {
	return unit ? (unit.role === 'fallback' ? '└ or ' : '│ ') : '';
}

/** Room for a step's name on its line: the marker, glyph and space before it, the duration after. */
export function planNameWidth(width: number): number {
	return Math.max(1, width - 3 - 7);
}

/** A step's line text before any cut: its place in a unit, then its name. */
export function stepLineName(step: StepView): string {
	return unitBranch(step.unit) + (step.check ? 'check: ' : '') + sanitizeLine(step.name || step.id);
}

export function planLines({steps, rows = planRows(steps), shown, highlight, focused, from, visible, width}: PlanPaneProps): Segment[][] {
	const lines: Segment[][] = [];
	const done = steps.filter(isFinished).length;
	lines.push([{text: 'PLAN', bold: focused, dim: !focused}, {text: `  ${done}/${steps.length} done`, dim: true}]);
	const window = rows.slice(from, from + visible);
	const holds = (row: PlanRow, index: number) => index >= row.first && index <= row.last;
	const folded = (row: PlanRow) => row.last > row.first;
	// One line is kept for a note: the running step's, else the shown step's (never a folded row's).
	const running = window.find((row) => !folded(row) && steps[row.first]!.status === 'running' && noteFor(steps[row.first]!) !== null);
	const noted = running ? running.first : shown;
	const nameWidth = planNameWidth(width);
	// Two steps whose names start alike still read differently when cut.
	const names = cutDistinct(window.map((row) => (folded(row) ? foldedName(steps, row) : stepLineName(steps[row.first]!))), nameWidth);
	window.forEach((row, n) => {
		const step = steps[row.first]!;
		const look = stepLook(step.status);
		const name = names[n]!;
		const isShown = holds(row, shown);
		const picked = focused && holds(row, highlight);
		lines.push([
			{text: isShown ? '▸' : ' ', bold: true},
			{text: look.glyph, color: look.color, dim: look.dim},
			{text: ' '},
			{text: fit(name, nameWidth), inverse: picked, bold: isShown},
			{text: ` ${duration(folded(row) ? foldedDuration(steps, row) : step.durationMs)}`, dim: step.status !== 'running'},
		]);
		const note = !folded(row) && row.first === noted ? noteFor(step) : null;
		if (note) lines.push([{text: '    '}, note]);
	});
	return lines;
}

export function PlanPane(props: PlanPaneProps) {
	return <Lines lines={planLines(props)} width={props.width} height={props.height} />;
}

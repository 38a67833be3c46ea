// The plan: every step with its status glyph and duration; the running step's progress below it.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {stepLook} from '../../matrix/glyphs.js';
import {isFinished} from '../../run/machine.js';
import type {StepView} from '../types.js';
import {duration} from './header.js';
import {cutDistinct, fit, Lines, type Segment} from './text.js';

export interface PlanPaneProps {
	steps: StepView[];
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

export function planLines({steps, shown, highlight, focused, from, visible, width}: PlanPaneProps): Segment[][] {
	const lines: Segment[][] = [];
	const done = steps.filter(isFinished).length;
	lines.push([{text: 'PLAN', bold: focused, dim: !focused}, {text: `  ${done}/${steps.length} done`, dim: true}]);
	const window = steps.slice(from, from + visible);
	// One line is kept for a note: the running step's, else the shown step's.
	const running = window.findIndex((s) => s.status === 'running' && noteFor(s) !== null);
	const noted = running >= 0 ? from + running : shown;
	const nameWidth = planNameWidth(width);
	// Two steps whose names start alike still read differently when cut.
	const names = cutDistinct(window.map(stepLineName), nameWidth);
	window.forEach((step, n) => {
		const i = from + n;
		const look = stepLook(step.status);
		const name = names[n]!;
		const picked = focused && i === highlight;
		lines.push([
			{text: i === shown ? '▸' : ' ', bold: true},
			{text: look.glyph, color: look.color, dim: look.dim},
			{text: ' '},
			{text: fit(name, nameWidth), inverse: picked, bold: i === shown},
			{text: ` ${duration(step.durationMs)}`, dim: step.status !== 'running'},
		]);
		const note = i === noted ? noteFor(step) : null;
		if (note) lines.push([{text: '    '}, note]);
	});
	return lines;
}

export function PlanPane(props: PlanPaneProps) {
	return <Lines lines={planLines(props)} width={props.width} height={props.height} />;
}

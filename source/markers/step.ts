// A plan step's run-upgrade.sh marker: which file, with what content, and whether this step writes
// it. Pure: paths are computed, nothing is read or written here.
import {join} from 'node:path';
import {markerFile, type MarkerStyle} from './run-lock.js';

export interface StepMarker {
	style: MarkerStyle;
	/** The RUN_TASKS item this step stands for (md5), or the text the name is taken from (name). */
	text: string;
	/** Absolute path of the marker file. */
	path: string;
	/** What run-upgrade.sh writes into it: the item and a newline (md5), nothing (name). */
	content: string;
	/** Given with `marker:` in the plan, rather than derived from the step's playbook and args. */
	explicit: boolean;
	/** False when a later step shares this marker file: only the last of them writes it. */
	write: boolean;
}

export function stepMarker(dir: string, style: MarkerStyle, text: string, explicit: boolean): StepMarker {
	const {name, content} = markerFile(style, text);
	return {style, text, path: join(dir, name), content, explicit, write: true};
}

interface UnitPart {
	unit?: {id: string; role: 'main' | 'fallback'};
}

/**
 * Steps that share one marker file (a run-upgrade.sh item split into several plan steps) all
 * count as done when it exists, and it is written only when the last of them finishes. In a
 * unit the unit succeeds either way: its last main step writes it, and so does its fallback.
 */
export function withWriters<T extends {marker?: StepMarker} & UnitPart>(steps: T[]): T[] {
	const last = new Map<string, number>();
	const lastMain = new Map<string, number>();
	steps.forEach((step, index) => {
		if (step.marker) last.set(step.marker.path, index);
		if (step.unit?.role === 'main') lastMain.set(step.unit.id, index);
	});
	return steps.map((step, index) => {
		if (!step.marker) return step;
		const write = last.get(step.marker.path) === index || (step.unit !== undefined && lastMain.get(step.unit.id) === index);
		return {...step, marker: {...step.marker, write}};
	});
}

/** Derived markers (no `marker:`) that several steps share: with the name style, arguments do not count. */
export function sharedDerivedMarkers(steps: Array<{id: string; marker?: StepMarker} & UnitPart>): Array<{path: string; ids: string[]}> {
	// The steps of one unit share its marker by design: they count once.
	const byPath = new Map<string, Map<string, string>>();
	for (const step of steps) {
		if (!step.marker || step.marker.explicit) continue;
		const sharers = byPath.get(step.marker.path) ?? new Map<string, string>();
		const key = step.unit ? `unit:${step.unit.id}` : `step:${step.id}`;
		if (!sharers.has(key)) sharers.set(key, step.unit?.id ?? step.id);
		byPath.set(step.marker.path, sharers);
	}
	return [...byPath].filter(([, sharers]) => sharers.size > 1).map(([path, sharers]) => ({path, ids: [...sharers.values()]}));
}

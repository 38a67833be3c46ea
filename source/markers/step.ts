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

/**
 * Steps that share one marker file (a run-upgrade.sh item split into several plan steps) all
 * count as done when it exists, and it is written only when the last of them finishes.
 */
export function withWriters<T extends {marker?: StepMarker}>(steps: T[]): T[] {
	const last = new Map<string, number>();
	steps.forEach((step, index) => {
		if (step.marker) last.set(step.marker.path, index);
	});
	return steps.map((step, index) => (step.marker ? {...step, marker: {...step.marker, write: last.get(step.marker.path) === index}} : step));
}

/** Derived markers (no `marker:`) that several steps share: with the name style, arguments do not count. */
export function sharedDerivedMarkers(steps: Array<{id: string; marker?: StepMarker}>): Array<{path: string; ids: string[]}> {
	const byPath = new Map<string, string[]>();
	for (const step of steps) {
		if (!step.marker || step.marker.explicit) continue;
		byPath.set(step.marker.path, [...(byPath.get(step.marker.path) ?? []), step.id]);
	}
	return [...byPath].filter(([, ids]) => ids.length > 1).map(([path, ids]) => ({path, ids}));
}

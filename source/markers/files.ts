// The marker files on disk: the only effects of run-upgrade.sh compatibility.
import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import type {StepMarker} from './step.js';

export function markerExists(marker: StepMarker): boolean {
	return existsSync(marker.path);
}

/** Writes the marker as run-upgrade.sh would (creating its folder); returns an error message or null. */
export function writeMarker(marker: StepMarker): string | null {
	try {
		mkdirSync(dirname(marker.path), {recursive: true});
		writeFileSync(marker.path, marker.content);
		return null;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

/** Removes marker files; returns the paths removed and the ones that could not be. */
export function removeMarkers(paths: string[]): {removed: string[]; failed: Array<{path: string; error: string}>} {
	const removed: string[] = [];
	const failed: Array<{path: string; error: string}> = [];
	for (const path of paths) {
		try {
			rmSync(path);
			removed.push(path);
		} catch (error) {
			failed.push({path, error: error instanceof Error ? error.message : String(error)});
		}
	}
	return {removed, failed};
}

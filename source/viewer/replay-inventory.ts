// The groups a replay bands its hosts by (ReplayOptions.hostGroups): from the inventory given
// (replay --inventory FILE, any format), else from the one the recording names (ansible-runner's).
// Without one the bands are what the recording says (the plugin's host_groups), as before; an
// inventory that cannot be read is a warning and no bands, never a replay refused.
import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import type {HostGroups} from '../matrix/bands-inventory.js';
import type {Recording} from '../replay/detect.js';
import {readInventoryGroups} from '../replay/inventory.js';

export type ReplayGroups = {ok: true; hostGroups: HostGroups | null; warning: string | null} | {ok: false; problem: string};

export async function replayHostGroups(recording: Recording, given: string | undefined, o: {env: Record<string, string | undefined>; cwd: string}): Promise<ReplayGroups> {
	if (given !== undefined) {
		const path = resolve(o.cwd, given);
		if (given.trim() === '' || !existsSync(path)) return {ok: false, problem: `--inventory ${given}: no such file or directory`};
		return read([path], true, o);
	}
	const named = recording.inventory;
	if (!named) return {ok: true, hostGroups: null, warning: null};
	if ('missing' in named) {
		return {ok: true, hostGroups: null, warning: `warning: the recording's inventory (${named.missing.join(', ')}) is not here: no bands by group; --inventory FILE gives one`};
	}
	return read(named.paths, false, o);
}

async function read(paths: string[], trusted: boolean, o: {env: Record<string, string | undefined>; cwd: string}): Promise<ReplayGroups> {
	const read = await readInventoryGroups(paths, {...o, trusted});
	return read.ok ? {ok: true, hostGroups: read.groups, warning: null} : {ok: true, hostGroups: null, warning: `warning: ${read.warning}`};
}

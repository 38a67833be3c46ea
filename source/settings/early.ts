// The settings every command needs before it looks for a run: where runs live (state_root),
// whether the viewer draws colours (color) and rings (bell). The command line applies them
// once, before the command runs, by putting state_root and color in the environment, which
// every reader of runs and every process the driver starts (the detached supervisor) sees.
// With no settings file, nothing but two stats is paid: the readers load only when a file is there.
import type {Writable} from 'node:stream';
import {STATE_ROOT_ENV} from '../run/paths.js';
import {COLOR_ENV} from '../ui/color.js';
import {accountFilePath, DIRECTORY_FILE, exists, folderOfPlanRef} from './files.js';
import {join} from 'node:path';

/** Warnings said once per process: the supervisor reads the same files again. */
const said = new Set<string>();

export function sayWarnings(stream: Writable, warnings: string[]): void {
	for (const warning of warnings) {
		if (said.has(warning)) continue;
		said.add(warning);
		stream.write(`warning: ${warning}\n`);
	}
}

export interface EarlyInput {
	env: Record<string, string | undefined>;
	cwd: string;
	/** The PLAN the command names, if any (its folder holds the directory file). */
	planRef?: string | undefined;
	options: {bell?: boolean};
	uid: number;
	stderr: Writable;
}

/** What to add to the environment, and whether the viewer rings. Warnings go to stderr. */
export async function earlySettings(input: EarlyInput): Promise<{env: Record<string, string>; bell: boolean}> {
	const folder = folderOfPlanRef(input.planRef, input.cwd);
	const none = !exists(accountFilePath(input.env)) && !exists(join(folder, DIRECTORY_FILE)) && !input.env[STATE_ROOT_ENV] && !input.env[COLOR_ENV];
	if (none) return {env: {}, bell: input.options.bell ?? true};
	const {gatherSettings} = await import('./gather.js');
	const {effective, warnings} = gatherSettings({env: input.env, folder, options: input.options, uid: input.uid});
	sayWarnings(input.stderr, warnings);
	const env: Record<string, string> = {};
	const fromFile = (layer: string) => layer === 'account' || layer === 'directory';
	if (fromFile(effective.sources.state_root.layer)) env[STATE_ROOT_ENV] = effective.values.state_root;
	if (fromFile(effective.sources.color.layer) && effective.values.color !== 'auto') env[COLOR_ENV] = effective.values.color;
	return {env, bell: effective.values.bell};
}

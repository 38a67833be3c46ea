// Builds the environment a step runs with: the operator's own, the plan's, and what switches the
// driver's callback plugin on. Path lists are appended to, never replaced, so a wrapper's or the
// operator's own plugins still load; the stdout callback is left alone.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {buildInfo} from '../package/build-info.js';
import {callbackPluginDir} from '../package/files.js';
import {configuredCallbackPath} from './config.js';

/** Where a pause may stop a step (a plan step's `pause:`): the plugin reads it from the environment. */
export type PauseMode = 'task' | 'play' | 'step';

const besideModule = fileURLToPath(new URL('./callback', import.meta.url));
/** Folder holding ansible_driver.py: beside this module (source/, dist/), else as shipped (the bundle, the executable). */
export function callbackDir(): string {
	return !buildInfo.executable && existsSync(besideModule) ? besideModule : callbackPluginDir();
}

function appendPath(list: string | undefined, entry: string): string {
	if (!list) return entry;
	return list.split(':').includes(entry) ? list : `${list}:${entry}`;
}

export interface PluginFiles {
	eventsFile: string;
	pauseFile: string;
	pauseMode: PauseMode;
}

export function stepEnv(
	base: Record<string, string | undefined>,
	planEnv: Record<string, string>,
	plugin: PluginFiles,
	/** Where the step runs: ansible reads ./ansible.cfg from there. */
	cwd: string,
	/** The callback path the step's program would set when none is given (a wrapper's rc default). */
	programDefault: string | null = null,
	/** Names the plan removes from the environment (`NAME: null`). */
	unset: readonly string[] = [],
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
	Object.assign(env, planEnv);
	for (const name of unset) delete env[name];
	env['ANSIBLE_CALLBACK_PLUGINS'] = appendPath(env['ANSIBLE_CALLBACK_PLUGINS'] ?? programDefault ?? configuredCallbackPath(env, cwd), callbackDir());
	// The plugin sets CALLBACK_NEEDS_ENABLED = False, so ANSIBLE_CALLBACKS_ENABLED (which would
	// override the operator's ansible.cfg list) is left alone.
	env['ANSIBLE_DRIVER_EVENTS'] = plugin.eventsFile;
	env['ANSIBLE_DRIVER_PAUSE_FILE'] = plugin.pauseFile;
	env['ANSIBLE_DRIVER_PAUSE_MODE'] = plugin.pauseMode;
	// Output goes to a log file: keep it line-buffered so the log is live.
	env['PYTHONUNBUFFERED'] = '1';
	return env;
}

/** Quotes argv for a POSIX shell, for commands an operator can paste. */
export function shellQuote(argv: string[]): string {
	return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

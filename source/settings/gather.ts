// The settings in effect for a command: the layers read from the files, the plan, the
// environment and the options, merged (effective.ts), with what was read and every warning.
import {join} from 'node:path';
import {notifyFromCommandLine} from '../plan/notify-spec.js';
import type {Plan} from '../plan/types.js';
import {defaultStateRoot, STATE_ROOT_ENV} from '../run/paths.js';
import {COLOR_ENV} from '../ui/color.js';
import {effectiveSettings, type Effective, type Layer} from './effective.js';
import {accountFilePath, DIRECTORY_FILE, homeOf} from './files.js';
import {COLOR_CHOICES, type ColorChoice, type SettingValues, type SomeSettings} from './keys.js';
import {readAccountFile, readDirectoryFile, type FileRead} from './read.js';

export interface SettingsInput {
	env: Record<string, string | undefined>;
	/** Where ansible-driver.yml is looked for (files.ts). */
	folder: string;
	plan?: Pick<Plan, 'path' | 'builtin' | 'notify' | 'stallAfter'>;
	/** What the command line said: --no-bell (false) or --bell, and --notify CMD. */
	options?: {bell?: boolean; notify?: string};
	/** The current user, whom a directory file must belong to. */
	uid: number;
}

export interface Gathered {
	effective: Effective;
	files: FileRead[];
	warnings: string[];
}

export function builtinDefaults(env: Record<string, string | undefined>): SettingValues {
	return {bell: true, color: 'auto', notify: null, stall_after: null, state_root: defaultStateRoot(env)};
}

export function gatherSettings(input: SettingsInput): Gathered {
	const {env, plan, options = {}} = input;
	const home = homeOf(env);
	const files = [readAccountFile(accountFilePath(env), home), readDirectoryFile(join(input.folder, DIRECTORY_FILE), home, input.uid)];
	const layers: Layer[] = files.map((file) => ({source: {layer: file.kind, path: file.path}, values: file.values}));
	const warnings = files.flatMap((file) => file.warnings);
	if (plan) {
		const values: SomeSettings = {};
		if (plan.notify) values.notify = plan.notify;
		if (plan.stallAfter !== undefined) values.stall_after = plan.stallAfter;
		layers.push({source: {layer: 'plan', path: plan.builtin ?? plan.path}, values});
	}
	const root = env[STATE_ROOT_ENV];
	if (root) {
		if (root.startsWith('/')) layers.push({source: {layer: 'environment', name: STATE_ROOT_ENV}, values: {state_root: root}});
		else warnings.push(`${STATE_ROOT_ENV}=${root} is ignored: it must be an absolute path`);
	}
	const color = env[COLOR_ENV];
	if (color) {
		if ((COLOR_CHOICES as readonly string[]).includes(color)) layers.push({source: {layer: 'environment', name: COLOR_ENV}, values: {color: color as ColorChoice}});
		else warnings.push(`${COLOR_ENV}=${color} is ignored: it must be one of ${COLOR_CHOICES.join(', ')}`);
	}
	if (options.bell !== undefined) layers.push({source: {layer: 'option', option: options.bell ? '--bell' : '--no-bell'}, values: {bell: options.bell}});
	const added = options.notify === undefined ? undefined : notifyFromCommandLine(options.notify);
	const addedHooks = added ? [{hook: added, source: {layer: 'option', option: '--notify'} as const}] : [];
	return {effective: effectiveSettings(builtinDefaults(env), layers, addedHooks), files, warnings};
}

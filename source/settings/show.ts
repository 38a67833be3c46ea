// What `ansible-driver settings` prints: each setting, its value in effect and where it came from,
// then the files read; or the same as JSON. Pure.
import {shellQuote} from '../ansible/command.js';
import type {NotifySpec} from '../plan/types.js';
import {sourceText, type Effective, type Source} from './effective.js';
import {SETTING_KEYS, type SettingKey, type SettingValues} from './keys.js';
import type {FileRead} from './read.js';

export interface Shown {
	effective: Effective;
	files: FileRead[];
	/** The plan whose keys are a layer, if one was named. */
	plan: string | null;
}

/** 1200 -> "20m", 5400 -> "1h30m", 90 -> "1m30s": as a plan or `settings set` may write it. */
export function durationText(seconds: number): string {
	if (!Number.isInteger(seconds)) return `${seconds}s`;
	const parts = [[Math.floor(seconds / 3600), 'h'], [Math.floor((seconds % 3600) / 60), 'm'], [seconds % 60, 's']] as const;
	return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('') || '0s';
}

function hookText(hook: NotifySpec): string {
	return `${shellQuote(hook.command)}  on ${hook.on.join(', ')} (at most ${hook.timeoutSeconds} s each)`;
}

function valueText<K extends SettingKey>(key: K, value: SettingValues[K]): string {
	if (key === 'notify') return value === null ? 'none' : hookText(value as NotifySpec);
	if (key === 'stall_after') return value === null ? "none: 3 times the task's longest earlier run (at least 60 s)" : durationText(value as number);
	return String(value);
}

/** What the environment does to colours besides the setting (color.ts ranks them). */
function colorNote(value: SettingValues['color'], env: Record<string, string | undefined>): string {
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return `; FORCE_COLOR=${force} in the environment wins: ${force === '0' || force === 'false' ? 'no colours' : 'colours'}`;
	if (value === 'auto' && env['NO_COLOR']) return '; NO_COLOR is set: no colours';
	return '';
}

export function settingsText(shown: Shown, env: Record<string, string | undefined>): string {
	const {values, sources, addedHooks} = shown.effective;
	const width = Math.max(...SETTING_KEYS.map((key) => key.length)) + 2;
	const lines: string[] = [];
	for (const key of SETTING_KEYS) {
		const note = key === 'color' ? colorNote(values.color, env) : '';
		lines.push(`${key.padEnd(width)}${valueText(key, values[key])}  (${sourceText(sources[key])}${note})`);
		if (key === 'notify') for (const added of addedHooks) lines.push(`${''.padEnd(width)}+ ${hookText(added.hook)}  (${sourceText(added.source)}, beside the setting's)`);
	}
	lines.push('', 'Read, lowest first (a higher one wins):');
	for (const file of shown.files) lines.push(`  ${`${file.kind} file`.padEnd(16)}${file.path}: ${fileStatus(file)}`);
	if (shown.plan !== null) lines.push(`  ${'plan'.padEnd(16)}${shown.plan}`);
	return `${lines.join('\n')}\n`;
}

function fileStatus(file: FileRead): string {
	if (file.status === 'absent') return 'none there';
	if (file.status === 'ignored') return 'IGNORED (see the warning)';
	const count = Object.keys(file.values).length;
	return `${count === 0 ? 'no settings' : count === 1 ? '1 setting' : `${count} settings`}${file.warnings.length > 0 ? `, ${file.warnings.length} ignored (see the warnings)` : ''}`;
}

function hookJson(hook: NotifySpec) {
	return {command: hook.command, on: hook.on, timeout: hook.timeoutSeconds};
}

function sourceJson(source: Source) {
	return {source: sourceText(source), layer: source.layer, ...('path' in source ? {path: source.path} : {}), ...('name' in source ? {name: source.name} : {}), ...('option' in source ? {option: source.option} : {})};
}

/** `settings --json`: {settings: {KEY: {value, source, layer, ...}}, files, plan}. */
export function settingsJson(shown: Shown) {
	const {values, sources, addedHooks} = shown.effective;
	const settings: Record<string, unknown> = {};
	for (const key of SETTING_KEYS) {
		const value = key === 'notify' ? (values.notify === null ? null : hookJson(values.notify)) : values[key];
		settings[key] = {value, ...sourceJson(sources[key]), ...(key === 'notify' ? {added: addedHooks.map((added) => ({...hookJson(added.hook), ...sourceJson(added.source)}))} : {})};
	}
	return {
		settings,
		files: shown.files.map((file) => ({kind: file.kind, path: file.path, status: file.status, settings: Object.keys(file.values), warnings: file.warnings})),
		plan: shown.plan,
	};
}

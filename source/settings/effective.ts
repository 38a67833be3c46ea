// Which value each setting takes and where it came from. The layers, from the lowest: the
// built-in default, the account file, the directory file (ansible-driver.yml), the plan file,
// the environment (ANSIBLE_DRIVER_STATE_ROOT, ANSIBLE_DRIVER_COLOR), the command line. The
// highest layer that sets a key gives its whole value: a plan's notify replaces the account
// file's hook, it is not added to it. Only `--notify CMD` adds a hook beside the setting's. Pure.
import type {NotifySpec} from '../plan/types.js';
import {SETTING_KEYS, type SettingKey, type SettingValues, type SomeSettings} from './keys.js';

export const LAYERS = ['default', 'account', 'directory', 'plan', 'environment', 'option'] as const;

export type Source =
	| {layer: 'default'}
	| {layer: 'account' | 'directory' | 'plan'; path: string}
	| {layer: 'environment'; name: string}
	| {layer: 'option'; option: string};

export interface Layer {
	source: Source;
	values: SomeSettings;
}

export interface Effective {
	values: SettingValues;
	sources: Record<SettingKey, Source>;
	/** Hooks `--notify` adds beside the notify setting's. */
	addedHooks: Array<{hook: NotifySpec; source: Source}>;
}

const rank = (source: Source): number => LAYERS.indexOf(source.layer);

/** The defaults, overridden key by key by each layer in rank order (the list's order within a rank). */
export function effectiveSettings(defaults: SettingValues, layers: Layer[], addedHooks: Effective['addedHooks'] = []): Effective {
	const values: Record<string, unknown> = {...defaults};
	const sources = Object.fromEntries(SETTING_KEYS.map((key) => [key, {layer: 'default'}])) as Record<SettingKey, Source>;
	const ordered = layers.map((layer, index) => ({layer, index})).sort((a, b) => rank(a.layer.source) - rank(b.layer.source) || a.index - b.index);
	for (const {layer} of ordered) {
		for (const key of SETTING_KEYS) {
			const value = layer.values[key];
			if (value === undefined) continue;
			values[key] = value;
			sources[key] = layer.source;
		}
	}
	return {values: values as unknown as SettingValues, sources, addedHooks};
}

/** Every hook the run calls: the notify setting's, then those --notify added. */
export function notifyHooks(effective: Effective): NotifySpec[] {
	return [...(effective.values.notify ? [effective.values.notify] : []), ...effective.addedHooks.map((added) => added.hook)];
}

/** `default`, `account file /path`, `directory file /path`, `plan /path`, `environment NAME`, `option --no-bell`. */
export function sourceText(source: Source): string {
	switch (source.layer) {
		case 'default':
			return 'default';
		case 'account':
			return `account file ${source.path}`;
		case 'directory':
			return `directory file ${source.path}`;
		case 'plan':
			return `plan ${source.path}`;
		case 'environment':
			return `environment ${source.name}`;
		case 'option':
			return `option ${source.option}`;
	}
}

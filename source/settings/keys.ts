// The operator settings (docs/settings.md): their names, what each holds, and how each is read
// from a YAML node, the same way in the account file (JSON is YAML), a directory file and the
// VALUE of `settings set`. The notify hook and durations are read by the plan's own readers.
// Also the same rules as a JSON schema, for conf (its ajv checks what it writes and reads). Pure.
import {isAbsolute, resolve} from 'node:path';
import {Document, isMap, isScalar, LineCounter, Pair, parseDocument, Scalar, YAMLMap} from 'yaml';
import {readDuration, readNotify} from '../plan/notify-spec.js';
import {describe, entriesOf, readChoice, readString, report, type Entry, type ReadContext} from '../plan/read-node.js';
import {NOTIFY_EVENTS, type NotifySpec} from '../plan/types.js';

export const SETTING_KEYS = ['bell', 'color', 'notify', 'stall_after', 'state_root'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorChoice = (typeof COLOR_CHOICES)[number];

/** Every setting's value; null: none (no hook; stalls judged from earlier runs). */
export interface SettingValues {
	bell: boolean;
	color: ColorChoice;
	notify: NotifySpec | null;
	/** Seconds. */
	stall_after: number | null;
	/** Absolute. */
	state_root: string;
}

export type SomeSettings = Partial<SettingValues>;

/** What each value must look like, for messages and `settings --help`. */
export const EXPECTED: Record<SettingKey, string> = {
	bell: 'true or false',
	color: 'auto, always or never',
	notify: "a command as a list, e.g. '[mail, -s, done, ops@example.com]', or a map, e.g. '{command: [mail, -s, done, ops@example.com], on: [failed, done], timeout: 30}'",
	stall_after: 'a duration: seconds (e.g. 900) or like 15m, 90s, 1h30m',
	state_root: 'a directory: an absolute path, or one starting with ~/',
};

export function isSettingKey(word: string): word is SettingKey {
	return (SETTING_KEYS as readonly string[]).includes(word);
}

/** `~` and `~/x` under `home`; an absolute path as it is (normalised); anything else: null. */
export function expandHome(path: string, home: string): string | null {
	if (path === '~') return resolve(home);
	if (path.startsWith('~/')) return resolve(home, path.slice(2));
	return isAbsolute(path) ? resolve(path) : null;
}

/** One setting's value from its node; undefined after reporting the problem in ctx. */
export function readSetting(ctx: ReadContext, entry: Entry, key: SettingKey, home: string): SettingValues[SettingKey] | undefined {
	switch (key) {
		case 'bell':
			if (isScalar(entry.value) && typeof entry.value.value === 'boolean') return entry.value.value;
			report(ctx, entry.at, key, `must be ${EXPECTED.bell}, got ${describe(entry.value)}`);
			return undefined;
		case 'color':
			return readChoice(ctx, entry, key, COLOR_CHOICES);
		case 'notify':
			return readNotify(ctx, entry);
		case 'stall_after':
			return readDuration(ctx, entry, key);
		case 'state_root': {
			const text = readString(ctx, entry, key, {interpolate: false, expected: EXPECTED.state_root});
			if (text === undefined) return undefined;
			const path = expandHome(text, home);
			if (path === null) report(ctx, entry.at, key, `must be ${EXPECTED.state_root}, got the relative path ${JSON.stringify(text)}`);
			return path ?? undefined;
		}
	}
}

/**
 * The settings a document holds (its root a map of settings); every problem reported in ctx.
 * A bad key or value leaves that key out, the others are kept. An empty document holds none.
 */
export function readSettings(ctx: ReadContext, doc: Document, what: string, home: string): SomeSettings {
	const root = doc.contents;
	if (root === null || (isScalar(root) && root.value === null)) return {};
	if (!isMap(root)) {
		report(ctx, root, '', `a ${what} is a map of settings (${SETTING_KEYS.join(', ')}), got ${describe(root)}`);
		return {};
	}
	const values: Record<string, unknown> = {};
	for (const [key, entry] of entriesOf(ctx, root, '', what, SETTING_KEYS)) {
		const value = readSetting(ctx, entry, key as SettingKey, home);
		if (value !== undefined) values[key] = value;
	}
	return values as SomeSettings;
}

export type Assignment = {ok: true; key: SettingKey; value: SettingValues[SettingKey]; json: unknown} | {ok: false; bad: 'key' | 'value'; message: string};

/**
 * `settings set KEY VALUE`: the key checked (an unknown one named with the nearest known one),
 * the VALUE read as YAML (a scalar, or a flow list or map) by the same reader as the files', and
 * the value as the account file keeps it (JSON, as written: `~/runs` stays `~/runs`).
 */
export function readAssignment(key: string, text: string, home: string): Assignment {
	const lineCounter = new LineCounter();
	const value = parseDocument(text, {lineCounter});
	const error = value.errors[0];
	if (isSettingKey(key) && error) return {ok: false, bad: 'value', message: `${key} ${JSON.stringify(text)} is not YAML: ${error.message.split('\n')[0]}`};
	// One map of KEY: VALUE, read as a file's: the same messages, did-you-mean included.
	const doc = new Document();
	const map = new YAMLMap();
	map.items.push(new Pair(new Scalar(key), value.contents));
	doc.contents = map;
	const ctx: ReadContext = {file: 'VALUE', doc, lineCounter, env: {}, problems: [], warnings: []};
	const read = readSettings(ctx, doc, 'settings file', home);
	if (!isSettingKey(key)) return {ok: false, bad: 'key', message: ctx.problems[0]?.message ?? `unknown setting "${key}"`};
	const problems = ctx.problems.map((problem) => `${problem.key ?? key} ${problem.message}`);
	const got = read[key];
	if (problems.length > 0 || got === undefined) return {ok: false, bad: 'value', message: problems.join('; ') || `${key} must be ${EXPECTED[key]}`};
	return {ok: true, key, value: got, json: value.toJS()};
}

// The same rules for conf, as JSON schema (ajv). test/settings/schema.test.ts holds both to the
// same verdicts. A duration: a positive number, or its text (digits, or counts of h, m and s),
// at least one digit not 0.
const duration = {anyOf: [{type: 'number', exclusiveMinimum: 0}, {type: 'string', pattern: '^\\s*(?=[^1-9]*[1-9])(\\d+(\\.\\d+)?|(\\d+[hms])+)\\s*$'}]};
const argv = {type: 'array', items: {type: 'string'}, minItems: 1};
const events = {anyOf: [{enum: [...NOTIFY_EVENTS]}, {type: 'array', items: {enum: [...NOTIFY_EVENTS]}, minItems: 1}]};

export const SETTINGS_SCHEMA = {
	bell: {type: 'boolean'},
	color: {enum: [...COLOR_CHOICES]},
	notify: {anyOf: [argv, {type: 'object', properties: {command: argv, on: events, timeout: duration}, required: ['command'], additionalProperties: false}]},
	stall_after: duration,
	state_root: {type: 'string', pattern: '^(/|~/|~$)'},
} as const;

// `notify:` and `stall_after:` in a plan: who hears of the run's events, and when a running task
// counts as stalled. Neither changes what a step runs, so neither is part of a step's identity.
import {isMap, isScalar, isSeq} from 'yaml';
import {describe, entriesOf, readArgv, report, type Entry, type ReadContext} from './read-node.js';
import {NOTIFY_EVENTS, type NotifyEvent, type NotifySpec} from './types.js';
import {parseDuration} from './duration.js';
import {split} from 'shlex';

const NOTIFY_KEYS = ['command', 'on', 'timeout'] as const;
export const DEFAULT_NOTIFY_EVENTS: readonly NotifyEvent[] = ['failed', 'paused', 'aborted', 'done', 'stalled'];
export const DEFAULT_NOTIFY_TIMEOUT_SECONDS = 30;
/** A duration (seconds, or e.g. "15m", "1h30m"); undefined after reporting a problem. */
export function readDuration(ctx: ReadContext, entry: Entry, key: string): number | undefined {
	const raw = isScalar(entry.value) ? entry.value.value : undefined;
	const seconds = parseDuration(raw);
	if (seconds === undefined) report(ctx, entry.at, key, `must be a duration: seconds (e.g. 900) or like "15m", "90s", "1h30m"; got ${describe(entry.value)}`);
	return seconds;
}

/**
 * `notify: [program, arg...]` (every default event), or
 * `notify: {command: [program, arg...], on: [failed, paused, ...], timeout: 30}`.
 */
export function readNotify(ctx: ReadContext, entry: Entry): NotifySpec | undefined {
	const example = 'e.g. notify: [sh, -c, \'mail -s "$ANSIBLE_DRIVER_MESSAGE" ops@example.com\']';
	if (isSeq(entry.value) || isScalar(entry.value)) {
		const command = readArgv(ctx, entry, 'notify', {nonEmpty: true, interpolate: false});
		return command && {command, on: [...DEFAULT_NOTIFY_EVENTS], timeoutSeconds: DEFAULT_NOTIFY_TIMEOUT_SECONDS};
	}
	if (!isMap(entry.value)) {
		report(ctx, entry.at, 'notify', `must be a command (a list) or a map {command, on, timeout}, ${example}; got ${describe(entry.value)}`);
		return undefined;
	}
	const entries = entriesOf(ctx, entry.value, 'notify', 'notify map', NOTIFY_KEYS);
	const commandEntry = entries.get('command');
	if (!commandEntry) report(ctx, entry.value, 'notify.command', `notify needs command: the program to run and its arguments, ${example}`);
	const command = commandEntry && readArgv(ctx, commandEntry, 'notify.command', {nonEmpty: true, interpolate: false});
	const onEntry = entries.get('on');
	const on = onEntry ? readEvents(ctx, onEntry) : [...DEFAULT_NOTIFY_EVENTS];
	const timeoutEntry = entries.get('timeout');
	const timeoutSeconds = timeoutEntry ? readDuration(ctx, timeoutEntry, 'notify.timeout') : DEFAULT_NOTIFY_TIMEOUT_SECONDS;
	if (command === undefined || on === undefined || timeoutSeconds === undefined) return undefined;
	return {command, on, timeoutSeconds};
}

function readEvents(ctx: ReadContext, entry: Entry): NotifyEvent[] | undefined {
	const words = isSeq(entry.value) ? entry.value.items.map((item) => (isScalar(item) ? item.value : item)) : [isScalar(entry.value) ? entry.value.value : entry.value];
	const bad = words.filter((word) => typeof word !== 'string' || !(NOTIFY_EVENTS as readonly string[]).includes(word));
	if (bad.length > 0 || words.length === 0) {
		report(ctx, entry.at, 'notify.on', `must list events among ${NOTIFY_EVENTS.join(', ')}; got ${bad.length > 0 ? bad.map((b) => JSON.stringify(b)).join(', ') : 'none'}`);
		return undefined;
	}
	return [...new Set(words as NotifyEvent[])];
}

const SHELL_OPERATORS = new Set(['|', '||', '&', '&&', ';', ';;', '<', '>', '>>', '2>', '2>&1', '$(', '`']);

/**
 * `--notify CMD`'s words, split as a POSIX shell splits words (quotes and backslashes; shlex,
 * Python's shlex ported): `mail -s "upgrade done" ops@example.com` is four words. No shell runs
 * them, so an unbalanced quote or a shell operator standing alone is refused.
 */
export function notifyWords(text: string): {ok: true; words: string[]} | {ok: false; message: string} {
	let words: string[];
	try {
		words = split(text);
	} catch {
		return {ok: false, message: `--notify ${text}: a quote is not closed; quote the command as a shell would, e.g. --notify 'mail -s "upgrade done" ops@example.com'`};
	}
	if (words.length === 0) return {ok: false, message: '--notify needs a command, e.g. --notify /usr/local/bin/upgrade-notify (the event comes on stdin and in ANSIBLE_DRIVER_* variables)'};
	const operator = words.find((word) => SHELL_OPERATORS.has(word));
	if (operator !== undefined) return {ok: false, message: `--notify ${text}: "${operator}" would be a word given to ${words[0]}, since no shell runs the command: put the pipeline in a script, or give the plan notify: [sh, -c, '...']`};
	return {ok: true, words};
}

/** `--notify CMD` (checked by notifyWords) on the default events with the default timeout. */
export function notifyFromCommandLine(text: string): NotifySpec | undefined {
	const words = notifyWords(text);
	return words.ok ? {command: words.words, on: [...DEFAULT_NOTIFY_EVENTS], timeoutSeconds: DEFAULT_NOTIFY_TIMEOUT_SECONDS} : undefined;
}

// Typed readers over YAML nodes: each returns the value, or reports a problem at the node
// (file, line, column, key path) and returns undefined. Never throws for bad input.
import {isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Pair, type YAMLMap} from 'yaml';
import {interpolate} from './interpolate.js';
import type {PlanProblem} from './types.js';

export interface ReadContext {
	file: string;
	doc: Document;
	lineCounter: LineCounter;
	env: Record<string, string | undefined>;
	problems: PlanProblem[];
	warnings: PlanProblem[];
}

/** A map entry: its key name, key node (for "unknown key") and value node. */
export interface Entry {
	name: string;
	keyNode: unknown;
	value: unknown;
	/** Where to point for a problem with the value: the value, or the key if the value is empty. */
	at: unknown;
}

function rangeStart(node: unknown): number | undefined {
	if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
	const range = (node as {range?: unknown}).range;
	return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

export function positionOf(ctx: ReadContext, node: unknown): {line?: number; column?: number} {
	const offset = rangeStart(node);
	if (offset === undefined) return {};
	const {line, col} = ctx.lineCounter.linePos(offset);
	return {line, column: col};
}

function problemAt(ctx: ReadContext, node: unknown, key: string, message: string): PlanProblem {
	const problem: PlanProblem = {file: ctx.file, ...positionOf(ctx, node), message};
	if (key !== '') problem.key = key;
	return problem;
}

export function report(ctx: ReadContext, node: unknown, key: string, message: string): void {
	ctx.problems.push(problemAt(ctx, node, key, message));
}

export function warn(ctx: ReadContext, node: unknown, key: string, message: string): void {
	ctx.warnings.push({...problemAt(ctx, node, key, message), severity: 'warning'});
}

export function deref(ctx: ReadContext, node: unknown): unknown {
	return isAlias(node) ? (node.resolve(ctx.doc) ?? node) : node;
}

function isEmpty(node: unknown): boolean {
	return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** How a value looks, for messages: `the number 10`, `a list`, `nothing`. */
export function describe(node: unknown): string {
	if (isEmpty(node)) return 'nothing';
	if (isMap(node)) return 'a map';
	if (isSeq(node)) return 'a list';
	if (isScalar(node)) {
		const {value} = node;
		if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
		if (typeof value === 'number' || typeof value === 'bigint') return `the number ${node.source ?? String(value)}`;
		if (typeof value === 'boolean') return `the boolean ${node.source ?? String(value)}`;
	}

	return 'an unsupported value';
}

/** Text to put in quotes in a "quote it" hint. */
function sourceText(node: unknown): string {
	if (isScalar(node)) return node.source ?? String(node.value);
	return '';
}

function formatList(names: readonly string[]): string {
	return names.join(', ');
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
		}

		previous = current;
	}

	return previous[b.length] ?? 0;
}

function suggestion(name: string, allowed: readonly string[]): string {
	const close = allowed.find(candidate => editDistance(name.toLowerCase(), candidate) <= 2);
	return close === undefined ? '' : `did you mean "${close}"? `;
}

/**
 * The entries of a map, reporting keys that are not in `allowed` and keys that are not plain
 * strings. `what` names the map in messages ("plan", "step").
 */
export function entriesOf(
	ctx: ReadContext,
	map: YAMLMap,
	key: string,
	what: string,
	allowed: readonly string[],
): Map<string, Entry> {
	const entries = new Map<string, Entry>();
	for (const pair of map.items as Array<Pair<unknown, unknown>>) {
		const keyNode = deref(ctx, pair.key);
		const name = isScalar(keyNode) && typeof keyNode.value === 'string' ? keyNode.value : undefined;
		const path = key === '' ? (name ?? '') : `${key}.${name ?? ''}`;
		if (name === undefined) {
			report(ctx, keyNode, key, `keys of a ${what} must be plain words; ${describe(keyNode)} is not one of: ${formatList(allowed)}`);
			continue;
		}

		if (!allowed.includes(name)) {
			report(ctx, keyNode, path, `unknown key "${name}" in a ${what}: ${suggestion(name, allowed)}allowed keys are ${formatList(allowed)}`);
			continue;
		}

		const value = deref(ctx, pair.value);
		entries.set(name, {name, keyNode, value, at: isEmpty(value) ? keyNode : value});
	}

	return entries;
}

function interpolated(ctx: ReadContext, node: unknown, key: string, text: string): string | undefined {
	const result = interpolate(text, ctx.env);
	if (!result.ok) {
		for (const message of result.errors) report(ctx, node, key, message);
		return undefined;
	}

	for (const message of result.warnings) warn(ctx, node, key, message);
	return result.value;
}

export interface StringOptions {
	/** Expand `${VAR}` in the value. */
	interpolate: boolean;
	/** What the value is, for the "expected" message, e.g. "a path". */
	expected?: string;
}

/** A non-empty string. */
export function readString(ctx: ReadContext, entry: Entry, key: string, options: StringOptions): string | undefined {
	const {value} = entry;
	const expected = options.expected ?? 'a string';
	if (isScalar(value) && typeof value.value === 'string') {
		if (value.value.trim() === '') {
			report(ctx, entry.at, key, `is empty: write ${expected}, or remove the key`);
			return undefined;
		}

		return options.interpolate ? interpolated(ctx, value, key, value.value) : value.value;
	}

	const hint = isScalar(value) && !isEmpty(value) ? `: quote it ("${sourceText(value)}")` : '';
	report(ctx, entry.at, key, `must be ${expected}, got ${describe(value)}${hint}`);
	return undefined;
}

/** A string with a fixed set of values. */
export function readChoice<T extends string>(ctx: ReadContext, entry: Entry, key: string, choices: readonly T[]): T | undefined {
	const {value} = entry;
	if (isScalar(value) && typeof value.value === 'string' && (choices as readonly string[]).includes(value.value)) {
		return value.value as T;
	}

	report(ctx, entry.at, key, `must be one of ${formatList(choices)}, got ${describe(value)}`);
	return undefined;
}

/** Suggest a YAML flow list for a string that should have been an argv list. */
function asFlowList(text: string): string {
	const words = text.trim().split(/\s+/).filter(word => word !== '');
	return `[${words.map(word => JSON.stringify(word)).join(', ')}]`;
}

/** A list of strings (an argv, never a shell string); each item interpolated. */
export function readArgv(
	ctx: ReadContext,
	entry: Entry,
	key: string,
	/** interpolate: false keeps `$` as written (a notify command's shell expands it when it runs). */
	options: {nonEmpty: boolean; interpolate?: boolean},
): string[] | undefined {
	const {value} = entry;
	if (isScalar(value) && typeof value.value === 'string') {
		report(
			ctx,
			entry.at,
			key,
			`must be a list of arguments, not a string (no shell runs it): write ${entry.name}: ${asFlowList(value.value)}`,
		);
		return undefined;
	}

	if (!isSeq(value)) {
		report(ctx, entry.at, key, `must be a list of strings, e.g. ${entry.name}: [a, b], got ${describe(value)}`);
		return undefined;
	}

	if (options.nonEmpty && value.items.length === 0) {
		report(ctx, entry.at, key, `is an empty list: it needs at least the program to run`);
		return undefined;
	}

	const argv: string[] = [];
	let ok = true;
	value.items.forEach((raw, index) => {
		const item = deref(ctx, raw);
		const itemKey = `${key}[${index}]`;
		if (isScalar(item) && typeof item.value === 'string') {
			const text = options.interpolate === false ? item.value : interpolated(ctx, item, itemKey, item.value);
			if (text === undefined) ok = false;
			else argv.push(text);
			return;
		}

		ok = false;
		const where = isEmpty(item) ? value : item;
		const hint = isScalar(item) && !isEmpty(item) ? `: quote it ("${sourceText(item)}") so it is passed as written` : '';
		report(ctx, where, itemKey, `must be a string, got ${describe(item)}${hint}`);
	});
	return ok ? argv : undefined;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A map of environment variables; numbers and booleans become their text as written, and an
 * explicit `null` (or `~`) removes the variable from the steps' environment.
 */
export function readEnv(ctx: ReadContext, entry: Entry, key: string): Record<string, string | null> | undefined {
	const {value} = entry;
	if (!isMap(value)) {
		report(ctx, entry.at, key, `must be a map of NAME: value, e.g. env: {ANSIBLE_FORKS: "10"}, got ${describe(value)}`);
		return undefined;
	}

	const env: Record<string, string | null> = {};
	let ok = true;
	for (const pair of value.items as Array<Pair<unknown, unknown>>) {
		const keyNode = deref(ctx, pair.key);
		const name = isScalar(keyNode) ? String(keyNode.value) : undefined;
		if (name === undefined || !ENV_NAME.test(name)) {
			ok = false;
			report(ctx, keyNode, key, `${describe(keyNode)} is not a valid environment variable name: use letters, digits and _, not starting with a digit`);
			continue;
		}

		const itemKey = `${key}.${name}`;
		const item = deref(ctx, pair.value);
		if (isScalar(item) && typeof item.value === 'string') {
			const text = interpolated(ctx, item, itemKey, item.value);
			if (text === undefined) ok = false;
			else env[name] = text;
		} else if (isScalar(item) && ['number', 'bigint', 'boolean'].includes(typeof item.value)) {
			env[name] = sourceText(item);
		} else if (isScalar(item) && item.value === null && ['null', '~', 'Null', 'NULL'].includes(item.source ?? '')) {
			env[name] = null;
		} else {
			ok = false;
			const where = isEmpty(item) ? keyNode : item;
			report(ctx, where, itemKey, `must be a string, number or boolean, got ${describe(item)}${isEmpty(item) ? `: write ${name}: "" for an empty value, or ${name}: null to remove it from the steps' environment` : ''}`);
		}
	}

	return ok ? env : undefined;
}

// Reading loosely typed JSON from ansible (event lines, json documents, runner events) into the
// driver's plain values. Pure. Host text is bounded like the callback plugin's (docs/events.md),
// so no single result kept in memory is huge.
import type {HostCounts} from './events.js';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value === undefined || value === null) return undefined;
	return JSON.stringify(value);
}

export function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export const msgBound = 2000;
const outputBound = 4000;

/** `cut`: the outputs (stdout, stderr, exception) whose start was not kept, here or by the plugin. */
export type ResultDetails = {msg?: string; rc?: number | null; stdout?: string; stderr?: string; exception?: string; cut?: string[]};

/** msg, rc, stdout, stderr and exception of an ansible result, bounded like the plugin's; absent stays absent. */
export function resultDetails(res: Json): ResultDetails {
	const out: ResultDetails = {};
	const msg = str(res['msg']);
	if (msg !== undefined) out.msg = msg.length > msgBound ? msg.slice(0, msgBound) : msg;
	if (typeof res['rc'] === 'number' || res['rc'] === null) out.rc = res['rc'];
	const cut = new Set(Array.isArray(res['cut']) ? res['cut'].filter((k): k is string => typeof k === 'string') : []);
	for (const key of ['stdout', 'stderr', 'exception'] as const) {
		const text = str(res[key]);
		if (text === undefined) continue;
		if (text.length > outputBound) cut.add(key);
		out[key] = text.length > outputBound ? text.slice(-outputBound) : text;
	}
	if (cut.size > 0) out.cut = [...cut];
	return out;
}

/** A host's recap counts; missing counts are 0. */
export function hostCounts(value: unknown): HostCounts {
	const v = isObject(value) ? value : {};
	const n = (key: string) => num(v[key]) ?? 0;
	return {
		ok: n('ok'),
		changed: n('changed'),
		failures: n('failures'),
		unreachable: n('unreachable'),
		skipped: n('skipped'),
		rescued: n('rescued'),
		ignored: n('ignored'),
	};
}

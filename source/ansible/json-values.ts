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

export type ResultDetails = {msg?: string; rc?: number | null; stdout?: string; stderr?: string; exception?: string};

/** msg, rc, stdout, stderr and exception of an ansible result, bounded like the plugin's; absent stays absent. */
export function resultDetails(res: Json): ResultDetails {
	const out: ResultDetails = {};
	const msg = str(res['msg']);
	if (msg !== undefined) out.msg = msg.length > msgBound ? msg.slice(0, msgBound) : msg;
	if (typeof res['rc'] === 'number' || res['rc'] === null) out.rc = res['rc'];
	const stdout = str(res['stdout']);
	if (stdout !== undefined) out.stdout = stdout.length > outputBound ? stdout.slice(-outputBound) : stdout;
	const stderr = str(res['stderr']);
	if (stderr !== undefined) out.stderr = stderr.length > outputBound ? stderr.slice(-outputBound) : stderr;
	const exception = str(res['exception']);
	if (exception !== undefined) out.exception = exception.length > outputBound ? exception.slice(-outputBound) : exception;
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
